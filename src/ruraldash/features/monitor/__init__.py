"""The pact monitor: how each municipality and each type changed since a baseline year.

``indicators`` (what is monitored), ``series`` (values per year on either border set), ``result``
(the change arithmetic per municipality, type and Flanders, and the CLI's JSON), ``command`` (the
``ruraldash monitor`` verb), ``table``, ``changemap`` and ``report`` (page, exports, slides).
"""
