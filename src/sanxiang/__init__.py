"""Sanxiang: the three systems (三项制度) of administrative law enforcement."""
