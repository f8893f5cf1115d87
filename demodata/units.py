"""Demo organisation: one academy, two battalions, their cells. Idempotent (get_or_create)."""

from units.models import Academy, Battalion, PartyCell, SignerTitle

DEMO_COMMITTEE_MEMBERS = 7
DEMO_SIGNERS = {
    "TD1": ("Nguyễn Văn Thành", SignerTitle.SECRETARY),
    "TD2": ("Lê Đức Minh", SignerTitle.DEPUTY),
}
DEMO_BATTALIONS = {
    "TD1": ("Tiểu đoàn 1", ["C1", "C2", "C3", "C4"]),
    "TD2": ("Tiểu đoàn 2", ["C5", "C6"]),
}


def seed_units() -> dict[str, PartyCell]:
    academy, _ = Academy.objects.get_or_create(
        code="HV", defaults={"name": "Học viện Kỹ thuật Quân sự"}
    )
    cells = {}
    for code, (name, cell_codes) in DEMO_BATTALIONS.items():
        battalion, _ = Battalion.objects.get_or_create(
            code=code,
            defaults={
                "academy": academy,
                "name": name,
                "committee_name": f"Đảng ủy {name}",
                "committee_members": DEMO_COMMITTEE_MEMBERS,
                # Quy định 332-QĐ/TW: who decides is the Army's to set; the demo shows the
                # academy's standing committee deciding on the battalion committee's proposal.
                "deciding_committee_name": f"Ban Thường vụ Đảng ủy {academy.name}",
                # Who signs for the committees (issue 15); demo names, not real people.
                "committee_signer_name": DEMO_SIGNERS[code][0],
                "committee_signer_title": DEMO_SIGNERS[code][1],
                "deciding_signer_name": "Trần Quang Khải",
                "deciding_signer_title": SignerTitle.DEPUTY,
            },
        )
        for cell_code in cell_codes:
            cells[cell_code], _ = PartyCell.objects.get_or_create(
                battalion=battalion,
                code=cell_code,
                defaults={"name": f"Chi bộ Đại đội {cell_code[1:]}"},
            )
    return cells
