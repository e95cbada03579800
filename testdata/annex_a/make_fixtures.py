"""Writes the Annex A fixtures in this folder (run once; the outputs are committed).

csv/: one CSV per list with the untidy headings and values councils' exports have.
workbook.xlsx: the same referrals and assessments as an Excel workbook, with real
Excel date cells, a numeric child id, sheets named in different styles, no List 5
sheet and an unrelated "Notes" sheet.
"""
import csv, datetime as dt, openpyxl

COMMON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]

def write(name, extra, rows):
    with open(f"csv/{name}", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(COMMON + extra)
        w.writerows(rows)

# List 3: heading case/spacing differ, a local column, option prefixes,
# dates in three notations, a blank row.
write("List_3.csv", ["Date of Referral ", "Referral source", "Referral NFA?", "Local Flag"], [
    ["0042", "a) Male", "WBRI", "01/02/2015", "8", "05/01/2024", "q) 6: Police", "N", "x"],
    ["0042", "a) Male", "WBRI", "01/02/2015", "8", "2023-03-01", "q) 1: Schools", "N", ""],
    ["17", "b) Female", "WBRI", "12/12/2012", "11", "45310", "q) 3: Health", "Y", ""],
    ["", "", "", "", "", "", "", "", ""],
    ["0099", "b) Female", "ASIA", "29/02/2016", "7", "29/02/2024", "q) 6: Police", "no", ""],
])
# List 4: one late, one in time, one open.
write("list4 assessments.csv", ["Does the Child have a Disability", "Continuous Assessment Start Date", "Child Seen During Continuous Assessment", "Continuous Assessment Date of Authorisation", "Was the child assessed as requiring LA children\u2019s social care support?", "Allocated Team", "Allocated Worker"], [
    ["0042", "a) Male", "WBRI", "01/02/2015", "8", "N", "01/11/2023", "Y", "05/01/2024", "Y", "T1", "W1"],
    ["17", "b) Female", "WBRI", "12/12/2012", "11", "N", "01/11/2023", "Y", "09/01/2024", "N", "T1", "W1"],
    ["0099", "b) Female", "ASIA", "29/02/2016", "7", "N", "15/01/2024", "Y", "", "", "T1", "W2"],
])
# List 5: one S47 to ICPC in 15 working days, one deemed unnecessary.
write("Annex A List 5 - Section 47.csv", ["Does the Child have a Disability", "Strategy discussion initiating Section 47 Enquiry Start Date", "Was an Initial Child Protection Conference deemed unnecessary?", "Date of Initial Child Protection Conference", "Did the Initial Child Protection Conference Result in a Child Protection Plan", "Number of Section 47 Enquiries in the last 12 months", "Number of ICPCs in the last 12 months", "Allocated Team", "Allocated Worker"], [
    ["0042", "a) Male", "WBRI", "01/02/2015", "8", "N", "04/12/2023", "N", "27/12/2023", "Y", "1", "1", "T1", "W1"],
    ["17", "b) Female", "WBRI", "12/12/2012", "11", "N", "11/12/2023", "Y", "", "", "1", "0", "T1", "W1"],
])
# List 7: a plan with its last visit.
write("List_7.csv", ["Does the Child have a Disability", "Child Protection Plan Start Date", "Initial Category of Abuse", "Latest Category of Abuse", "Date of the Last Statutory Visit", "Was the Child Seen Alone?", "Date of latest review conference", "Child Protection Plan End Date", "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)", "Number of Previous Child Protection Plans", "Allocated Team", "Allocated Worker"], [
    ["0042", "a) Male", "WBRI", "01/02/2015", "8", "N", "27/12/2023", "Neglect", "Neglect", "20/01/2024", "Y", "", "", "N", "0", "T1", "W1"],
])
# List 8: a child whose most recent placement began after they came into care.
write("List_8_Children_Looked_After.csv", ["Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)", "Does the Child have a Disability", "Date Started to be Looked After", "Child's Category of Need", "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)", "Start date of current legal status", "Child's Legal Status", "Date of Latest Statutory Review", "Date of Last Social Work Visit", "What is the permanence plan for this child?", "Date of Last IRO Visit / Contact to the Child", "Date of Last Health Assessment", "Date of Last Dental Check", "Number of Placements in the Last 12 months", "Date Ceased to be Looked After", "Reason Ceased to be Looked After", "Start Date of Most Recent Placement", "Placement Type", "Placement Provider", "Placement postcode", "URN of Placement", "Placement Location", "LA of Placement", "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months", "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months", "Was the child offered a Return Interview after their last missing episode (Y/N)?", "Did the child accept a Return Interview after their last missing episode (Y/N)?", "Allocated Team", "Allocated Worker"], [
    ["0099", "b) Female", "ASIA", "29/02/2016", "7", "N", "N", "01/03/2022", "N1", "N", "01/03/2022", "C2", "01/12/2023", "10/01/2024", "", "", "01/06/2023", "15/05/2023", "2", "", "", "01/09/2023", "U3: Foster placement with other foster carer", "PR1", "", "", "", "", "0", "0", "", "", "T2", "W3"],
])

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Notes"
ws.append(["This workbook is a test fixture."])
s3 = wb.create_sheet("List 3 - Referrals")
s3.append(COMMON + ["Date of referral", "Referral Source", "Referral NFA?"])
s3.append([42, "a) Male", "WBRI", dt.datetime(2015, 2, 1), 8, dt.datetime(2024, 1, 5), "q) 6: Police", "N"])
s3.append(["0017", "b) Female", "WBRI", dt.datetime(2012, 12, 12), 11, dt.datetime(2024, 1, 19), "q) 3: Health", "Y"])
s4 = wb.create_sheet("List_4")
s4.append(COMMON + ["Continuous Assessment Start Date", "Continuous Assessment Date of Authorisation", "Was the child assessed as requiring LA children's social care support?"])
s4.append([42, "a) Male", "WBRI", dt.datetime(2015, 2, 1), 8, dt.datetime(2023, 11, 1), dt.datetime(2024, 1, 5), "Y"])
s4.append(["0017", "b) Female", "WBRI", dt.datetime(2012, 12, 12), 11, "01/11/2023", "09/01/2024", "N"])
s1 = wb.create_sheet("Contacts")
s1.append(COMMON + ["Date of Contact", "Contact Source"])
s1.append([42, "a) Male", "WBRI", dt.datetime(2015, 2, 1), 8, dt.datetime(2024, 1, 2), "Police"])
wb.save("workbook.xlsx")
