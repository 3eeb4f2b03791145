"""Plattelandstoets (rural proofing): screen an allocation for its effect on rural municipalities.

One module per step (pure code, no streamlit):

- :mod:`.context`: population, area and types of the border set (the rural definition used);
- :mod:`.inputs`: the allocation (Open Ruimtefonds key, an amount indicator, an uploaded table
  through the one reader of *Eigen gegevens*) as :class:`~.inputs.Allocation`;
- :mod:`.screen`: the figures (:func:`~.screen.run`) and their plain record (:func:`~.screen.record`,
  what ``ruraldash toets --json`` prints and the page shows);
- :mod:`.words`: sentences and display tables; :mod:`.questions`: the toolkits' screening questions;
- :mod:`.store`: saved screens (SQL); :mod:`.report`: the toetsrapport; :mod:`.command`: the CLI verb.
"""
