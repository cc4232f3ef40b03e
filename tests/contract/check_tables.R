#!/usr/bin/env Rscript
# External contract check of textmill's CSV tables with readr.
#
# Usage: Rscript check_tables.R OUT_DIR [COUNTS_JSON]
#
# Reads <OUT_DIR>/{documents,sentences,mentions,entities}.csv and checks: the contract's columns come
# first and in order; the count and offset columns parse as integers (explicit readr types, no parse
# problems, and col_guess() sees whole numbers); string columns have no missing values (title may be
# empty = null); nchar(documents$text) == n_chars; substr(documents$text, start_char + 1, end_char) == text
# for every sentence and mention (R's substr counts characters, i.e. code points, in UTF-8 strings);
# the row counts match COUNTS_JSON (as written by check_tables.py --counts-file from the Parquet tables)
# and agree with documents.n_sentences / n_mentions and entities.n_mentions.
# Exit status 0 when everything passes, 1 on any failure, 2 on usage errors.

suppressPackageStartupMessages(library(readr))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 1 || length(args) > 2) {
  cat("usage: Rscript check_tables.R OUT_DIR [COUNTS_JSON]\n", file = stderr())
  quit(status = 2)
}
out_dir <- args[[1]]

failures <- character()
fail <- function(...) {
  message <- paste0(...)
  failures <<- c(failures, message)
  cat("FAIL ", message, "\n", sep = "", file = stderr())
}
show <- function(x, limit = 60) {
  x <- encodeString(x, quote = "\"")
  ifelse(nchar(x) > limit, paste0(substr(x, 1, limit - 3), "..."), x)
}

tables <- list(
  documents = c(doc_id = "c", source = "c", content_sha256 = "c", title = "c", n_chars = "i",
                n_sentences = "i", n_mentions = "i", text = "c", published = "c", authors = "c",
                language = "c"),
  sentences = c(doc_id = "c", sent_idx = "i", start_char = "i", end_char = "i", text = "c"),
  mentions  = c(doc_id = "c", sent_idx = "i", start_char = "i", end_char = "i", text = "c",
                label = "c", entity_id = "c", value = "c"),
  entities  = c(entity_id = "c", label = "c", canonical = "c", n_mentions = "i", n_docs = "i",
                geonames_id = "c", country_code = "c", latitude = "c", longitude = "c")
)
# Columns that are empty (null) where they do not apply; read as text, checked below.
nullable <- c("title", "published", "authors", "language", "value", "geonames_id", "country_code", "latitude", "longitude")

read_table <- function(name) {
  path <- file.path(out_dir, paste0(name, ".csv"))
  if (!file.exists(path)) {
    fail(name, ".csv is missing in ", out_dir)
    return(NULL)
  }
  wanted <- tables[[name]]
  header <- names(read_csv(path, n_max = 0, col_types = cols(.default = col_character()),
                           progress = FALSE))
  leading <- header[seq_len(min(length(header), length(wanted)))]
  if (!identical(leading, names(wanted))) {
    fail(name, ".csv: leading columns are [", paste(leading, collapse = ", "),
         "], contract columns are [", paste(names(wanted), collapse = ", "), "]")
    if (!all(names(wanted) %in% header)) return(NULL)
  }
  # Explicit types for the contract columns, guessed types for any extra ones. No value is NA
  # on reading (na = character()), so an empty title stays "" and a mention text "NA" stays "NA".
  spec <- do.call(cols, c(as.list(wanted), list(.default = col_guess())))
  frame <- read_csv(path, col_types = spec, na = character(), progress = FALSE,
                    trim_ws = FALSE, lazy = FALSE)
  parse_problems <- problems(frame)
  if (nrow(parse_problems) > 0) {
    p <- parse_problems[1, ]
    fail(name, ".csv: ", nrow(parse_problems), " value(s) do not parse as their contract type, e.g. row ",
         p$row, " column ", header[p$col], ": expected ", p$expected, ", got ", show(p$actual))
  }
  for (column in names(wanted)[wanted == "i"]) {
    if (!is.integer(frame[[column]])) fail(name, ".", column, " is not an integer type")
    if (anyNA(frame[[column]])) fail(name, ".", column, " has missing/unparseable values (type problem)")
  }
  # The same file read by guessing: integer columns must look like whole numbers.
  guessed <- suppressWarnings(read_csv(path, col_types = cols(.default = col_guess()),
                                       progress = FALSE, lazy = FALSE))
  for (column in names(wanted)[wanted == "i"]) {
    values <- guessed[[column]]
    if (nrow(guessed) > 0 && !(is.numeric(values) && all(values == round(values), na.rm = TRUE))) {
      fail(name, ".", column, " is guessed by readr as ", class(values)[1], ", not a whole number type")
    }
  }
  for (column in setdiff(names(wanted)[wanted == "c"], nullable)) {
    empty <- sum(frame[[column]] == "")
    if (empty > 0) fail(name, ".", column, " has ", empty, " empty value(s)")
  }
  frame
}

frames <- lapply(setNames(names(tables), names(tables)), read_table)

if (!is.null(frames$documents)) {
  published <- frames$documents$published
  bad <- published != "" & !grepl("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", published)
  if (any(bad)) fail("documents.published: ", sum(bad), " value(s) are not YYYY-MM-DD, e.g. ", show(published[bad][1]))
}

check_spans <- function(kind, spans, documents) {
  if (is.null(spans) || is.null(documents) || nrow(spans) == 0) return(invisible())
  doc_text <- documents$text[match(spans$doc_id, documents$doc_id)]
  unknown <- is.na(doc_text)
  if (any(unknown)) {
    fail(kind, ": ", sum(unknown), " row(s) name a doc_id missing from documents, e.g. ",
         show(spans$doc_id[unknown][1]))
  }
  ok_offsets <- !unknown & !is.na(spans$start_char) & !is.na(spans$end_char) &
    spans$start_char >= 0 & spans$start_char < spans$end_char &
    spans$end_char <= nchar(ifelse(unknown, "", doc_text), type = "chars")
  bad_offsets <- !unknown & !ok_offsets
  if (any(bad_offsets)) {
    i <- which(bad_offsets)[1]
    fail(kind, ": ", sum(bad_offsets), " span(s) are empty or outside their document, e.g. ",
         spans$doc_id[i], " [", spans$start_char[i], ",", spans$end_char[i], ")")
  }
  sliced <- substr(doc_text, spans$start_char + 1L, spans$end_char)
  mismatch <- ok_offsets & (sliced != spans$text)
  if (any(mismatch)) {
    i <- which(mismatch)[1]
    fail(kind, ": ", sum(mismatch), " of ", nrow(spans), " row(s) fail substr(documents$text, start_char + 1, ",
         "end_char) == text, e.g. ", spans$doc_id[i], " [", spans$start_char[i], ",", spans$end_char[i],
         "): ", show(sliced[i]), " != ", show(spans$text[i]))
  }
  invisible(sum(ok_offsets & !mismatch))
}

documents <- frames$documents
sentences <- frames$sentences
mentions <- frames$mentions
entities <- frames$entities

if (!is.null(entities)) {
  # Places on the map: a whole GeoNames id and coordinates in range where set, for places only.
  located <- entities$geonames_id != ""
  if (any(located & !(entities$label %in% c("GPE", "LOC", "FAC")))) fail("entities: a non-place has a geonames_id")
  if (any(located & !grepl("^[0-9]+$", entities$geonames_id))) fail("entities.geonames_id: not a whole number")
  latitude <- suppressWarnings(as.numeric(entities$latitude[located]))
  longitude <- suppressWarnings(as.numeric(entities$longitude[located]))
  if (anyNA(latitude) || anyNA(longitude) || any(abs(latitude) > 90) || any(abs(longitude) > 180)) {
    fail("entities: a located entity has coordinates that are missing or out of range")
  }
}

if (!is.null(documents)) {
  lengths <- nchar(documents$text, type = "chars")
  bad <- which(lengths != documents$n_chars)
  if (length(bad) > 0) {
    fail("documents: ", length(bad), " row(s) have n_chars != nchar(text), e.g. ", documents$doc_id[bad[1]],
         ": ", documents$n_chars[bad[1]], " vs ", lengths[bad[1]])
  }
  if (anyDuplicated(documents$doc_id)) fail("documents: doc_id is not unique")
}
check_spans("sentences", sentences, documents)
check_spans("mentions", mentions, documents)

# Row counts: against each other ...
if (!is.null(documents) && !is.null(sentences) && sum(documents$n_sentences) != nrow(sentences)) {
  fail("count: sum(documents$n_sentences) = ", sum(documents$n_sentences), " but sentences.csv has ",
       nrow(sentences), " rows")
}
if (!is.null(documents) && !is.null(mentions) && sum(documents$n_mentions) != nrow(mentions)) {
  fail("count: sum(documents$n_mentions) = ", sum(documents$n_mentions), " but mentions.csv has ",
       nrow(mentions), " rows")
}
if (!is.null(entities) && !is.null(mentions)) {
  if (sum(entities$n_mentions) != nrow(mentions)) {
    fail("count: sum(entities$n_mentions) = ", sum(entities$n_mentions), " but mentions.csv has ",
         nrow(mentions), " rows")
  }
  dangling <- !(mentions$entity_id %in% entities$entity_id)
  if (any(dangling)) fail("mentions: ", sum(dangling), " entity_id(s) missing from entities, e.g. ",
                          show(mentions$entity_id[dangling][1]))
}

# ... and against the Parquet tables.
if (length(args) == 2) {
  json <- paste(readLines(args[[2]], warn = FALSE, encoding = "UTF-8"), collapse = "")
  found <- regmatches(json, gregexpr("\"[a-z_]+\"\\s*:\\s*[0-9]+", json))[[1]]
  expected <- setNames(as.integer(sub(".*:\\s*", "", found)), gsub("\"|\\s*:.*", "", found))
  for (name in intersect(names(expected), names(frames))) {
    if (!is.null(frames[[name]]) && nrow(frames[[name]]) != expected[[name]]) {
      fail("count: ", name, ".csv has ", nrow(frames[[name]]), " rows, the Parquet table has ", expected[[name]])
    }
  }
}

row_counts <- vapply(frames, function(f) if (is.null(f)) NA_integer_ else nrow(f), integer(1))
summary <- paste(names(row_counts), row_counts, collapse = ", ")
null_titles <- if (is.null(documents)) NA else sum(documents$title == "")
if (length(failures) > 0) {
  cat(sprintf("check_tables.R %s: FAILED — rows: %s; %d failure(s)\n", out_dir, summary, length(failures)))
  quit(status = 1)
}
cat(sprintf("check_tables.R %s: ok — rows: %s; %d null title(s); every sentence and mention substr()s back\n",
            out_dir, summary, null_titles))
