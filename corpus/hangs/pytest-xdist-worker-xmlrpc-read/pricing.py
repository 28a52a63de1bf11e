"""Price rules for the storefront."""


def unit_price(base_cents, quantity):
    if quantity >= 100:
        return int(base_cents * 0.85)
    if quantity >= 10:
        return int(base_cents * 0.95)
    return base_cents


def basket_total(lines):
    return sum(unit_price(cents, qty) * qty for cents, qty in lines)
