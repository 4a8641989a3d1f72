"""spaCy pipeline components, one extraction job each, registered with ``@Language.factory``.

:mod:`extract.nlp` imports the modules (which registers the factories) and assembles
the pipeline from their names.
"""
