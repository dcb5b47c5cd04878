"""Notifications and Wayback Machine submissions, sent from a durable outbox."""
