"""Records kept in the database: conversations, feedback, API keys, and uploaded files."""
