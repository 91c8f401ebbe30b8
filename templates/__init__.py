"""Word templates, shipped inside the package."""
