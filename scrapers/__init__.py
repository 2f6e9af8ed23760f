"""Collecting articles: fetching, site adapters, discovery."""
