"""Users, roles, login tokens and paired wall displays."""
