"""Venues: the register, poster codes and their rotation, staff assignments, categories and the importer."""
