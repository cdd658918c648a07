"""The store's starting catalogue, in our own words: (category, name, name_fr, gender, sizes)."""

CATALOGUE = [
    ("clothing", "Jeans and trousers", "Jeans et pantalons", "men", ["S", "M", "L", "XL"]),
    ("clothing", "Jeans and trousers", "Jeans et pantalons", "women", ["S", "M", "L"]),
    ("clothing", "Winter coat", "Manteau d'hiver", "men", ["S", "M", "L", "XL"]),
    ("clothing", "Winter coat", "Manteau d'hiver", "women", ["S", "M", "L"]),
    ("clothing", "Jumper or fleece", "Pull ou polaire", "men", ["M", "L"]),
    ("clothing", "Jumper or fleece", "Pull ou polaire", "women", ["M"]),
    ("clothing", "T-shirt", "T-shirt", "any", ["M", "L"]),
    ("clothing", "Tracksuit bottoms", "Bas de survêtement", "men", ["M"]),
    ("clothing", "Children's clothes", "Vêtements enfant", "girls", ["4-8 years"]),
    ("clothing", "Children's clothes", "Vêtements enfant", "boys", ["4-8 years"]),
    ("clothing", "Baby clothes", "Vêtements bébé", "baby", ["0-2 years"]),
    ("clothing", "Hat, gloves and scarf", "Bonnet, gants et écharpe", "any", ["-"]),
    ("underwear", "New boxers", "Caleçons neufs", "men", ["M", "L"]),
    ("underwear", "New knickers", "Culottes neuves", "women", ["M"]),
    ("underwear", "New socks", "Chaussettes neuves", "any", ["-"]),
    ("underwear", "Bra", "Soutien-gorge", "women", ["-"]),
    ("shoes", "Trainers", "Baskets", "men", ["40", "41", "42", "43", "44"]),
    ("shoes", "Trainers", "Baskets", "women", ["38"]),
    ("shoes", "Flip-flops", "Tongs", "any", ["-"]),
    ("bags", "Backpack", "Sac à dos", "any", ["-"]),
    ("bags", "Small bag or pouch", "Petit sac ou pochette", "any", ["-"]),
    ("hygiene", "Hygiene kit", "Kit d'hygiène", "any", ["-"]),
    ("hygiene", "Sanitary pads", "Serviettes hygiéniques", "women", ["-"]),
    ("hygiene", "Nappies", "Couches", "baby", ["-"]),
    ("bedding", "Sleeping bag", "Sac de couchage", "any", ["-"]),
    ("bedding", "Blanket", "Couverture", "any", ["-"]),
    ("bedding", "Tarpaulin", "Bâche", "any", ["-"]),
    ("other", "Umbrella", "Parapluie", "any", ["-"]),
]


def catalogue_rows():
    """(category, name, name_fr, gender, size, position) for every product of the catalogue, in order."""
    for position, (category, name, name_fr, gender, sizes) in enumerate(CATALOGUE):
        for size in sizes:
            yield category, name, name_fr, gender, size, position
