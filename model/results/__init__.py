"""ModelData + Solution → the result tables, one year's or a pathway's, and the answer in
words. `tables` assembles them and says what each time model's workbook has; `solved`
reads a solution over its years; one module per sheet or idea (`portfolio`, `products`,
`builds`, `requirements`, `limits` with `constraints`, `summary`, `goals`, `tradeoff`,
`series`, `overview`); scenarios side by side (`comparison`), ensembles (`uncertainty`).
pandas, no Pyomo, no files."""
