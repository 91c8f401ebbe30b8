"""The user data folder layer: facts users add themselves (exam years, base-salary acts,
holidays) as files on disk.

Importing this package reads nothing. ``folder`` says where the folder is, ``store`` reads
and writes additions, ``guard`` keeps what is read within limits and inside the folder,
``archive`` reads an exported zip, ``provenance`` names where each fact came from and
``status`` reports the folder. This layer imports none of the kinds of facts: each kind checks
its own files (``exams.additions``, ``wage_additions``, ``exams.holiday_additions``), and
``normbook.reference_data`` puts them together (``normbook data``).
"""
