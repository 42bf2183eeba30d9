"""Authentication and authorisation: staff logins and roles, device tokens."""
