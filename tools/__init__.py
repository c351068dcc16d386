"""Tools for content owners and operators: reports over the conversations and the store."""
