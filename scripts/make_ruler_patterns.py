#!/usr/bin/env python3
"""Writes resources/ruler/news.jsonl: the general token patterns of the `ruler` tagger backend.

They describe the *shapes* of news entities (dates, times, amounts, titled person names,
organisation names ending in a head word, acronyms); the gazetteer adds the place names.
Run: python3 scripts/make_ruler_patterns.py
"""
import json
import os

months = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
          "dec", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec."]
weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
seasons = ["spring", "summer", "autumn", "fall", "winter"]
periods = ["week", "weekend", "month", "year", "season", "decade", "century", "quarter"] + seasons
relative = ["last", "next", "this", "past", "coming", "previous", "early", "late", "mid", "earlier", "later"]
titles_before_names = [
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof.", "sir", "dame", "lord", "lady", "cllr",
    "cllr.", "councillor", "gov", "gov.", "governor", "sen", "sen.", "senator", "rep", "rep.", "president", "pm",
    "chancellor", "ambassador", "judge", "justice", "mayor", "king", "queen", "prince", "princess", "pope", "gen",
    "gen.", "general", "col", "col.", "colonel", "capt", "capt.", "captain", "lt", "lt.", "sgt", "sgt.", "minister",
    "secretary", "rev", "rev.", "reverend", "father", "rabbi", "imam", "sheikh", "commissioner", "chairman",
    "chairwoman", "coach", "detective", "inspector", "sheriff", "bishop", "archbishop", "cardinal", "emir", "sultan",
    "leader", "spokesman", "spokeswoman", "spokesperson", "premier"]
title_modifiers = ["prime", "vice", "deputy", "foreign", "defence", "defense", "interior", "finance", "health",
                   "supreme", "opposition", "former", "chief"]
org_heads = [
    "corp", "corp.", "corporation", "inc", "inc.", "ltd", "ltd.", "llc", "plc", "co", "co.", "company", "group",
    "holdings", "bank", "university", "college", "council", "agency", "ministry", "department", "party", "police",
    "army", "navy", "force", "forces", "organization", "organisation", "association", "union", "committee",
    "commission", "institute", "foundation", "federation", "league", "club", "fc", "airlines", "airways",
    "authority", "court", "parliament", "assembly", "congress", "senate", "board", "service", "services", "news",
    "times", "post", "press", "network", "television", "radio", "society", "trust", "office", "bureau", "fund",
    "alliance", "coalition", "movement", "front", "brigade", "brigades", "guard", "school", "hospital", "museum",
    "church", "industries", "technologies", "systems", "motors", "partners", "capital", "energy",
    "pharmaceuticals", "labs", "laboratories", "media", "telecom", "exchange", "reserve", "cabinet"]
org_of_heads = ["council", "ministry", "department", "university", "bank", "agency", "organization",
                "organisation", "league", "federation", "institute", "commission", "committee", "office", "union",
                "court", "army", "assembly"]
legal_suffixes = ["corp.", "inc.", "ltd.", "co.", "llc", "plc", "gmbh", "ag", "sa", "nv", "ab", "spa"]
number_words = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
                "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "hundreds",
                "thousand", "thousands", "million", "millions", "billion", "dozen", "dozens"]
ordinals = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "eleventh", "twelfth", "twentieth", "hundredth"]
scale = ["million", "billion", "trillion", "thousand", "bn", "m", "mn", "k"]
currencies = ["dollars", "dollar", "euros", "euro", "pounds", "pound", "yen", "yuan", "rupees", "francs", "lek",
              "rubles", "roubles", "cents", "pence"]
# Words and common abbreviations written in capitals that are not organisations.
not_acronyms = ["A", "I", "THE", "AND", "FOR", "THIS", "THAT", "IT", "IN", "ON", "OF", "TO", "IS", "BE", "WE", "BY",
                "AT", "OR", "NOT", "NO", "YES", "OK", "TV", "PM", "AM", "CEO", "CFO", "COO", "MP", "MEP", "PR",
                "AI", "ID", "VS", "ET", "PS", "USD", "EUR", "GBP", "NEW", "UPDATE", "BREAKING", "LIVE", "VIDEO",
                "PHOTOS", "WATCH", "READ", "MORE", "ALSO", "SEE", "NOTE", "EDITOR", "FILE", "PHOTO", "COVID",
                "HIV", "AIDS", "DNA", "GDP", "US", "UK", "EU", "UAE", "USA"]

patterns = []


def add(label, pattern, pattern_id):
    patterns.append({"label": label, "pattern": pattern, "id": pattern_id})


MONTH = {"LOWER": {"IN": months}, "IS_TITLE": True}
DAY = {"TEXT": {"REGEX": r"^(0?[1-9]|[12][0-9]|3[01])(st|nd|rd|th)?$"}}
YEAR = {"TEXT": {"REGEX": r"^(1[6-9]|20)\d\d$"}}
NUMBER = {"TEXT": {"REGEX": r"^\d+([.,]\d+)*$"}}

add("DATE", [MONTH, DAY, {"ORTH": ",", "OP": "?"}, YEAR], "month-day-year")
add("DATE", [DAY, MONTH, {"ORTH": ",", "OP": "?"}, YEAR], "day-month-year")
add("DATE", [MONTH, DAY], "month-day")
add("DATE", [DAY, MONTH], "day-month")
add("DATE", [{"LOWER": {"IN": ["early", "late", "mid"]}, "OP": "?"}, MONTH, YEAR], "month-year")
add("DATE", [{"LOWER": {"IN": relative}}, {"LOWER": {"IN": months + weekdays + periods}}], "relative")
add("DATE", [YEAR], "year")
add("DATE", [{"LOWER": {"IN": ["early", "late", "mid"]}, "OP": "?"}, {"TEXT": {"REGEX": r"^(1[6-9]|20)\d0s$"}}], "decade")
add("DATE", [{"LOWER": {"IN": weekdays}, "IS_TITLE": True}], "weekday")
add("DATE", [{"LOWER": {"IN": ["yesterday", "today", "tomorrow"]}}], "deictic")
add("DATE", [{"LOWER": {"REGEX": r"^(mid|early|late)-(january|february|march|april|may|june|july|august|september|october|november|december|\d{4}s?)$"}}], "mid-month")
add("DATE", [{"LOWER": {"IN": months[:12]}, "IS_TITLE": True}], "month")
add("TIME", [{"TEXT": {"REGEX": r"^\d{1,2}([:.]\d{2})?$"}}, {"LOWER": {"IN": ["am", "pm", "a.m", "p.m", "a.m.", "p.m."]}}], "clock")
add("TIME", [{"LOWER": {"REGEX": r"^\d{1,2}([:.]\d{2})?(am|pm)$"}}], "clock-joined")
add("TIME", [{"LOWER": {"IN": ["this", "yesterday", "tomorrow", "last"]}}, {"LOWER": {"IN": ["morning", "afternoon", "evening", "night"]}}], "part-of-day")
add("TIME", [{"LOWER": {"IN": ["noon", "midnight", "midday"]}}], "noon")
add("PERCENT", [NUMBER, {"ORTH": "%"}], "percent-sign")
add("PERCENT", [NUMBER, {"LOWER": {"IN": ["percent", "per"]}}, {"LOWER": "cent", "OP": "?"}], "percent-word")
add("MONEY", [{"TEXT": {"IN": ["$", "€", "£", "¥", "US$", "A$", "C$"]}}, NUMBER, {"LOWER": {"IN": scale}, "OP": "?"}], "money-symbol")
add("MONEY", [NUMBER, {"LOWER": {"IN": scale}, "OP": "?"}, {"LOWER": {"IN": currencies}}], "money-word")
add("ORDINAL", [{"LOWER": {"IN": ordinals}}], "ordinal-word")
add("ORDINAL", [{"LOWER": {"REGEX": r"^\d+(st|nd|rd|th)$"}}], "ordinal-number")
# Durations ("two years", "24 hours") are not entities in the contract, so there is no pattern for them.
add("CARDINAL", [{"TEXT": {"REGEX": r"^\d{1,3}(,\d{3})+$|^\d+(\.\d+)?$"}}, {"LOWER": {"IN": ["million", "billion", "trillion", "thousand", "hundred"]}, "OP": "?"}], "number")
add("CARDINAL", [{"LOWER": {"IN": number_words}}, {"LOWER": {"IN": ["million", "billion", "thousand", "hundred"]}, "OP": "?"}], "number-word")
# A title or honorific before capitalised words; the tag stage trims the title off the span.
add("PERSON", [{"LOWER": {"IN": title_modifiers}, "OP": "?"}, {"LOWER": {"IN": titles_before_names}}, {"ORTH": ".", "OP": "?"},
               {"IS_TITLE": True}, {"IS_TITLE": True, "OP": "?"}, {"IS_TITLE": True, "OP": "?"}], "title-name")
add("ORG", [{"IS_TITLE": True, "OP": "+"}, {"LOWER": {"IN": org_heads}, "IS_TITLE": True}], "org-head")
add("ORG", [{"IS_TITLE": True, "OP": "+"}, {"LOWER": {"IN": legal_suffixes}}], "org-suffix")
add("ORG", [{"IS_TITLE": True, "OP": "*"}, {"LOWER": {"IN": org_of_heads}, "IS_TITLE": True}, {"LOWER": {"IN": ["of", "for"]}},
            {"LOWER": "the", "OP": "?"}, {"IS_TITLE": True, "OP": "+"}], "org-of")
add("ORG", [{"TEXT": {"REGEX": r"^[A-Z][A-Z&]{1,6}$"}, "ORTH": {"NOT_IN": not_acronyms}}], "acronym")

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "ruler", "news.jsonl")
with open(out, "w", encoding="utf-8") as f:
    for p in patterns:
        f.write(json.dumps(p, ensure_ascii=False) + "\n")
print(f"wrote {len(patterns)} patterns to {os.path.normpath(out)}")
