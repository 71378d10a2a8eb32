"""Fill in an input workbook *with LibreOffice*, as an analyst would: run by the system
Python that has LibreOffice's `uno` module (Debian: python3-uno), not by the project's.

    /usr/bin/python3 fill.py TEMPLATE.xlsx CELLS.json OUT.xlsx

CELLS.json: {"sheet": [[row, column, value, "number" | "text" | "percent"], ...]}, rows
and columns counted from 1. "text" cells are typed as text (e.g. "0,35" with a Dutch
decimal comma), "percent" cells get a percent format. LibreOffice saves the result as
xlsx with its own writer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe: str, deadline: float):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:  # the office is still starting
            if time.time() > deadline:
                raise
            time.sleep(0.3)


def main(template: str, cells_json: str, out: str) -> None:
    pipe = f"fill_{uuid.uuid4().hex[:8]}"
    profile = tempfile.mkdtemp(prefix="lo_profile_")
    office = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            f"-env:UserInstallation=file://{profile}",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        context = connect(pipe, time.time() + 60)
        desktop = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context
        )
        url = uno.systemPathToFileUrl(os.path.abspath(template))
        doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
        formats = doc.getNumberFormats()
        locale = uno.createUnoStruct("com.sun.star.lang.Locale")
        percent = formats.queryKey("0%", locale, False)
        if percent == -1:
            percent = formats.addNew("0%", locale)
        with open(cells_json, encoding="utf-8") as stream:
            cells = json.load(stream)
        for sheet_name, entries in cells.items():
            sheet = doc.getSheets().getByName(sheet_name)
            for row, column, value, kind in entries:
                cell = sheet.getCellByPosition(column - 1, row - 1)
                if kind == "text":
                    cell.setString(str(value))
                elif kind == "percent":
                    cell.setValue(float(value))
                    cell.NumberFormat = percent
                else:
                    cell.setValue(float(value))
        target = uno.systemPathToFileUrl(os.path.abspath(out))
        doc.storeToURL(target, (prop("FilterName", "Calc MS Excel 2007 XML"),))
        doc.close(True)
    finally:
        office.terminate()
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main(*sys.argv[1:4])
