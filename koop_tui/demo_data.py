"""Names and notes for the demo workspace: a freelancer's and small agency's world in German-speaking Europe."""

from __future__ import annotations

# (name, tags, skills)
PARTNERS: list[tuple[str, list[str], list[str]]] = [
    ("Nordlicht Design GmbH", ["agency"], ["web-design", "branding"]),
    ("Pixelwerk Berlin", ["agency", "key-account"], ["web-development", "shopware"]),
    ("Druckerei Schäfer & Söhne", ["print"], ["offset-print", "packaging"]),
    ("Übersetzungsbüro Lingua", ["translation"], ["translation-de-en", "translation-de-fr"]),
    ("SEO-Kontor Hamburg", ["seo"], ["seo", "content-strategy"]),
    ("Fotostudio Lichtblick", ["photo"], ["product-photography", "portraits"]),
    ("Müller Marketing", ["marketing"], ["campaigns", "social-media"]),
    ("Kreativhaus Wien", ["agency"], ["illustration", "branding"]),
    ("Textwerkstatt Jung", ["freelancer", "copywriting"], ["copywriting", "seo-texts"]),
    ("Bergmann IT-Service", ["it"], ["hosting", "it-support"]),
    ("Studio Kranich", ["agency"], ["motion-design", "video"]),
    ("Lektorat Feder & Tinte", ["freelancer", "copywriting"], ["proofreading", "editing"]),
    ("Alpenblick Events", ["events"], ["event-management", "trade-fairs"]),
    ("Grünzeug Nachhaltigkeitsberatung", ["consulting"], ["sustainability", "csr-reports"]),
    ("Hafenkante Film", ["video"], ["video", "drone-footage"]),
    ("Zürcher Typografie AG", ["agency"], ["typography", "editorial-design"]),
    ("Rheinland Onlinemarketing", ["seo", "marketing"], ["sea", "seo"]),
    ("Webmanufaktur Lüneburg", ["agency"], ["wordpress", "web-development"]),
    ("Sprachdienst Polyglott", ["translation"], ["translation-de-it", "interpreting"]),
    ("Lichtwerk Fotografie", ["photo", "freelancer"], ["event-photography", "portraits"]),
    ("Kanzlei Brandt Medienrecht", ["legal"], ["media-law", "contracts"]),
    ("Steuerbüro Hoffmann", ["finance"], ["tax", "bookkeeping"]),
    ("Papierwerk Leipzig", ["print"], ["letterpress", "stationery"]),
    ("Brandstifter Kommunikation", ["agency", "key-account"], ["pr", "campaigns"]),
    ("Datenfluss Analytics", ["it", "consulting"], ["analytics", "tracking"]),
    ("Podcastschmiede Köln", ["audio"], ["podcast-production", "audio"]),
    ("Atelier Sonnenschein", ["freelancer"], ["illustration", "children-books"]),
    ("UX Labor München", ["agency"], ["ux-research", "prototyping"]),
    ("Café Konzept Agentur", ["marketing"], ["gastro-marketing", "social-media"]),
    ("Messebau Krüger", ["events"], ["booth-construction", "trade-fairs"]),
    ("Weitblick Coaching", ["consulting", "freelancer"], ["coaching", "workshops"]),
    ("Schreibtisch & Co. Coworking", ["network"], ["coworking", "meetups"]),
    ("Linz Digital OG", ["agency"], ["apps", "web-development"]),
    ("Wortreich Content", ["copywriting"], ["content-strategy", "newsletters"]),
    ("Klangfarbe Tonstudio", ["audio"], ["voice-over", "jingles"]),
    ("Elbe Drucksachen", ["print"], ["digital-print", "large-format"]),
    ("Mosaik Übersetzungen", ["translation"], ["translation-de-es", "localisation"]),
    ("Gipfelstürmer Outdoor Media", ["video", "photo"], ["outdoor-photography", "video"]),
    ("Netzwerk Freie Kreative e.V.", ["network"], ["community", "events"]),
    ("Bauer & Partner Unternehmensberatung", ["consulting"], ["strategy", "funding"]),
    ("Farbraum Grafikdesign", ["freelancer"], ["graphic-design", "print-design"]),
    ("Wolkenlos Hosting", ["it"], ["hosting", "email"]),
    ("Lumen Lichtdesign", ["events"], ["lighting", "stage-design"]),
    ("Kiez Kommunikation", ["agency"], ["local-marketing", "pr"]),
    ("Fernweh Reiseverlag", ["publishing"], ["travel-guides", "editorial"]),
]

FIRST_NAMES = [
    "Jana", "Tom", "Lena", "Felix", "Sophie", "Jonas", "Marie", "Lukas", "Anja", "Stefan", "Katrin", "Moritz",
    "Julia", "Niklas", "Sandra", "Tobias", "Carla", "Matthias", "Eva", "Paul", "Nina", "Florian", "Lea", "Jan",
    "Clara", "David", "Miriam", "Sebastian", "Ida", "Ben", "Hannah", "Philipp", "Greta", "Martin", "Zoe", "Erik",
]
LAST_NAMES = [
    "Weber", "Schmidt", "Fischer", "Wagner", "Becker", "Hoffmann", "Schulz", "Koch", "Richter", "Klein", "Wolf",
    "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hartmann", "Lange", "Werner", "Krause", "Lehmann",
    "Köhler", "Maier", "Huber", "Gruber", "Moser", "Steiner", "Brunner", "Frei", "Keller", "Öztürk", "Novak",
]
ROLES = [
    "Managing director", "Account manager", "Project lead", "Creative director", "Owner", "Office manager",
    "Head of production", "Senior consultant", "Art director", "Sales", "Partner", "Editor",
]
NOTES: dict[str, list[str]] = {
    "call": ["Talked about Q1 plans.", "Catch-up; they are busy with a relaunch.", "Discussed a joint offer.",
             "Asked how the new hire is doing.", "Quick call about the open invoice.", "Planned the next workshop."],
    "mail": ["Sent the case study.", "Shared the rate card.", "Followed up on last week's meeting.",
             "Sent congratulations on the award.", "Answered their question about licences."],
    "meeting": ["Lunch near their office.", "Workshop on the shared offer.", "Coffee at the coworking space.",
                "Met at the studio; saw the new portfolio.", "Strategy session for next year."],
    "message": ["LinkedIn message about their new project.", "Short hello on Signal.", "Sent a link to an article."],
    "jour-fixe": ["Weekly jour fixe: status and next steps.", "Jour fixe: reviewed the schedule."],
    "recommendation": ["Recommended them to a client looking for {skill}.", "Named them in a pitch as our {skill} partner."],
    "referral": ["Passed on a lead for {skill}.", "Referred a client who needs {skill}."],
    "backlink": ["Linked their blog post from our newsletter.", "Added them to our partner page."],
    "share": ["Shared their case study with a mention.", "Reposted their event announcement."],
    "comment": ["Commented on their LinkedIn post.", "Left a comment on their blog article."],
    "gift": ["Sent a bottle of wine after the project.", "Brought chocolates to the meeting."],
    "card": ["Christmas card with a handwritten note.", "Thank-you card."],
    "fair-visit": ["Met at their booth at the fair.", "Ran into them at the trade fair."],
}
RECEIVED_NOTES = {
    "recommendation": "They recommended us to a client.",
    "referral": "They referred a client to us.",
    "backlink": "They linked our portfolio.",
    "share": "They shared our case study.",
    "comment": "They commented on our post.",
    "gift": "They sent us a gift basket.",
    "card": "Card from them.",
}
FOLLOWUPS = [
    "Send offer", "Ask for references", "Send the signed contract", "Propose a date for the workshop",
    "Invite to the summer party", "Check in on the pitch result", "Send portfolio update", "Ask about Q2 capacity",
    "Introduce them to Nordlicht", "Send invoice copy",
]
PROJECTS = ["Relaunch shop", "Annual report", "Trade fair booth", "Brand refresh", "Podcast season 2",
            "Product catalogue", "Website translation"]
