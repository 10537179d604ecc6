"""The venue registry page's parts: the venue form, poster downloads, the staff panel and the import tab."""
