"""Files in and out: refuse unsafe files (`guard`), read cells (`rowsource`, `cells`,
`sheets`), apply the cross-sheet rules (`checks`) and give ModelData (`reader`); write
input workbooks (`template`), safe cells (`xlsx`) and whole files atomically (`files`)."""
