"""Result tables → workbooks: the result workbook of one year or a pathway (`workbook`)
with its native charts (`charts`), the scenarios' comparison (`comparison`) and the
uncertainty workbook (`uncertainty`)."""
