"""ModelData + Solution → the result tables (`tables`, `constraints`) and the answer in
words (`overview`). pandas, no Pyomo, no files."""
