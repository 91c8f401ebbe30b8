"""Reference data of every kind at once, above the kinds and the folder layer: ``normbook
data`` (status, add, remove, export), the add that dispatches a file to its kind's checks, and
the status that runs every kind's loader.

The dependencies run one way: this package imports the kinds (``exams``, ``wages``) and the
folder layer (``userdata``); the kinds import the folder layer; the folder layer imports
neither.
"""
