"""Result tables → the result workbook (`workbook`) with its native charts (`charts`)."""
