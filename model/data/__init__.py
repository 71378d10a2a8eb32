"""The validated input as plain values: `model_data` (ModelData = System + Settings),
`index` (sparse lookups), `flows` (the flow arithmetic as linear terms), `scaling`
(a warning when the numbers span too many orders of magnitude)."""
