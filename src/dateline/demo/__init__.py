"""The demo: a fictional breaking-news day, seeded into a fresh database, with
new updates arriving live while it runs."""
