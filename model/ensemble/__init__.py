"""Uncertainty ensembles: many runs of one model under drawn values. Latin hypercube
draws (`sampling`), one sample re-optimised and the base portfolio held under it
(`samples`), batches on Dask (`distributed`); a sample's plain result is
`model.run.outcome.SampleResult`."""
