"""Names and notes for the demo workspace: a freelancer's and small agency's world in German-speaking Europe."""

from __future__ import annotations

from koop_tui.i18n import N_, NP_

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
# The free texts below are written in the language the demo is made in (English, the source, by default); the
# demo translates them where it writes them. Roles have a context: "Owner" and "Partner" are column headers too.
ROLES = [
    NP_("role", "Managing director"), NP_("role", "Account manager"), NP_("role", "Project lead"),
    NP_("role", "Creative director"), NP_("role", "Owner"), NP_("role", "Office manager"),
    NP_("role", "Head of production"), NP_("role", "Senior consultant"), NP_("role", "Art director"),
    NP_("role", "Sales"), NP_("role", "Partner"), NP_("role", "Editor"),
]
NOTES: dict[str, list[str]] = {
    "call": [N_("Talked about Q1 plans."), N_("Catch-up; they are busy with a relaunch."),
             N_("Discussed a joint offer."), N_("Asked how the new hire is doing."),
             N_("Quick call about the open invoice."), N_("Planned the next workshop.")],
    "mail": [N_("Sent the case study."), N_("Shared the rate card."), N_("Followed up on last week's meeting."),
             N_("Sent congratulations on the award."), N_("Answered their question about licences.")],
    "meeting": [N_("Lunch near their office."), N_("Workshop on the shared offer."),
                N_("Coffee at the coworking space."), N_("Met at the studio; saw the new portfolio."),
                N_("Strategy session for next year.")],
    "message": [N_("LinkedIn message about their new project."), N_("Short hello on Signal."),
                N_("Sent a link to an article.")],
    "jour-fixe": [N_("Weekly jour fixe: status and next steps."), N_("Jour fixe: reviewed the schedule.")],
    "recommendation": [N_("Recommended them to a client looking for {skill}."),
                       N_("Named them in a pitch as our {skill} partner.")],
    "referral": [N_("Passed on a lead for {skill}."), N_("Referred a client who needs {skill}.")],
    "backlink": [N_("Linked their blog post from our newsletter."), N_("Added them to our partner page.")],
    "share": [N_("Shared their case study with a mention."), N_("Reposted their event announcement.")],
    "comment": [N_("Commented on their LinkedIn post."), N_("Left a comment on their blog article.")],
    "gift": [N_("Sent a bottle of wine after the project."), N_("Brought chocolates to the meeting.")],
    "card": [N_("Christmas card with a handwritten note."), N_("Thank-you card.")],
    "fair-visit": [N_("Met at their booth at the fair."), N_("Ran into them at the trade fair.")],
}
RECEIVED_NOTES = {
    "recommendation": N_("They recommended us to a client."),
    "referral": N_("They referred a client to us."),
    "backlink": N_("They linked our portfolio."),
    "share": N_("They shared our case study."),
    "comment": N_("They commented on our post."),
    "gift": N_("They sent us a gift basket."),
    "card": N_("Card from them."),
}
FOLLOWUPS = [
    N_("Send offer"), N_("Ask for references"), N_("Send the signed contract"), N_("Propose a date for the workshop"),
    N_("Invite to the summer party"), N_("Check in on the pitch result"), N_("Send portfolio update"),
    N_("Ask about Q2 capacity"), N_("Introduce them to Nordlicht"), N_("Send invoice copy"),
]
PROJECTS = [N_("Relaunch shop"), N_("Annual report"), N_("Trade fair booth"), N_("Brand refresh"),
            N_("Podcast season 2"), N_("Product catalogue"), N_("Website translation")]
