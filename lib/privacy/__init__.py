"""Personal data's lifecycle: retention purge, encrypted backups and people's data requests."""
