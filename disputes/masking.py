"""The one masking of a party's personal data (DESIGN.md §5): pages, the API, printed documents and
warnings all show a party through `party_personal_data`. Whether a viewer sees it unmasked is decided
elsewhere (`agencies.permissions.sees_personal_data`, or an audited reveal)."""

from disputes.validators import mask_address, mask_id_number, mask_name, mask_phone

MASKS = {"name": mask_name, "id_number": mask_id_number, "phone": mask_phone, "address": mask_address}


def party_personal_data(party, *, masked: bool, fields=tuple(MASKS)) -> dict:
    """The party's name, ID number, phone and address (or the `fields` asked for), masked or not, and
    whether they are masked."""
    values = {name: getattr(party, name) or "" for name in fields}
    if masked:
        values = {name: MASKS[name](value) for name, value in values.items()}
    return {**values, "masked": masked}


def party_name(party, *, masked: bool) -> str:
    return party_personal_data(party, masked=masked, fields=("name",))["name"]
