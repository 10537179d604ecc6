"""What every domain stands on: settings, the database and its migrations, errors, the message catalogue,
Vietnam's clock, validation, uploads, administrative units, spreadsheets and the progress of day-by-day jobs."""
