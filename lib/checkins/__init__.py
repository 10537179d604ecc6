"""Entries and exits: the door path, the rules applied to scans, the batching writer, self check-in,
visit reads and the storage order of settled days."""
