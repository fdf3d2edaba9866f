"""``make bench``: a region-scale dataset on PostgreSQL, a production server, concurrent
clients, and a table of what each key page costs (see ``__main__``)."""
