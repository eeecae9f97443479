"""The built-in renderers. Each imports its heavy library only when it renders."""
