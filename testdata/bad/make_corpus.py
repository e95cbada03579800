"""Writes the bad-input corpus (run once; the outputs are committed).

Each folder is one case of an Annex A export gone wrong; the expected outcome of
`scorecard run --annex-a FOLDER --la E08000008 --period 2024-01` is in
crates/scorecard-cli/tests/lib.rs (bad_input_corpus) and in README.md here.
"""
import os, shutil, openpyxl, datetime as dt

H = "Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of referral,Referral Source,Referral NFA?"
ROW = "0042,a) Male,WBRI,01/02/2015,8,05/01/2024,q) 6: Police,N"

def case(name, data, filename="List_3.csv"):
    os.makedirs(name, exist_ok=True)
    with open(os.path.join(name, filename), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))

case("truncated", H + "\n" + ROW + "\n0043,b) Female,\"WB")
case("wrong_headings", "Kid,When,Who\n1,05/01/2024,Police\n")
case("bom", "\ufeff" + H + "\n" + ROW + "\n")
case("windows_1252", (H + "\n" + "0042,a) Male,Caf\u00e9,01/02/2015,8,05/01/2024,\u201cPolice\u201d,N\n").encode("cp1252"))
case("utf16", ("\ufeff" + H + "\r\n" + ROW + "\r\n").encode("utf-16-le"))
case("blank_lines", H + "\n\n" + ROW + "\n\n,,,,,,,\n")
case("quoted_newlines", H + "\n" + '0042,a) Male,WBRI,01/02/2015,8,05/01/2024,"Police\nvia MASH",N\n')
case("two_digit_year", H + "\n" + "0042,a) Male,WBRI,01/02/2015,8,05/01/24,Police,N\n")
case("impossible_date", H + "\n" + "0042,a) Male,WBRI,01/02/2015,8,31/02/2024,Police,N\n")
case("excel_serial", H + "\n" + "0042,a) Male,WBRI,42036,8,45296,Police,N\n")
case("empty", b"")
case("thousands", "la,ref,period,value,numerator,denominator\nE08000008,WF5c,2024-01,,\"1,200\",\"4,000\"\n", "aggregates.csv")

os.makedirs("missing_sheet", exist_ok=True)
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "List 3"
ws.append(H.split(","))
ws.append([42, "a) Male", "WBRI", dt.datetime(2015, 2, 1), 8, dt.datetime(2024, 1, 5), "Police", "N"])
wb.save("missing_sheet/annex_a.xlsx")

# The same workbook with a second referral (row 3, 10 January 2024), its sheet
# XML then cut off inside a third row: a workbook whose sheet breaks off.
import zipfile
os.makedirs("cut_sheet", exist_ok=True)
with zipfile.ZipFile("missing_sheet/annex_a.xlsx") as zin, \
        zipfile.ZipFile("cut_sheet/annex_a.xlsx", "w", zipfile.ZIP_DEFLATED) as zout:
    for info in zin.infolist():
        data = zin.read(info.filename)
        if info.filename == "xl/worksheets/sheet1.xml":
            start = data.index(b'<row r="2">')
            end = data.index(b"</row>", start) + len(b"</row>")
            row2 = data[start:end].decode()
            row3 = row2.replace('r="2"', 'r="3"').replace("2\"", "3\"").replace("<v>42</v>", "<v>43</v>").replace("<v>45296</v>", "<v>45301</v>")
            row4 = row3.replace('r="3"', 'r="4"').replace("3\"", "4\"")
            data = data[:end] + (row3 + row4[: len(row4) // 2]).encode()
        zout.writestr(info, data)
