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
