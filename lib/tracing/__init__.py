"""Health officers' work: confirmed cases (F0), their contacts (F1/F2), marks and call lists, and the queue
of risky declarations."""
