"""The user data folder: facts users add themselves (exam years, base-salary acts, holidays).

Importing this package reads nothing. ``folder`` says where the folder is, ``store`` reads and
writes additions, ``provenance`` names where each fact came from, ``status`` reports it all,
and the ``add_*`` modules check a user's file before anything is written.
"""
