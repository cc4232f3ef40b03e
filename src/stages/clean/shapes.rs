//! Shapes of page furniture (read-time lines, ad slots, share widgets, datelines, bylines,
//! captions and credits, copyright and comment-form lines, embedded social posts).
//!
//! These were the clean stage's rules; now they are only features of the line model
//! ([`super::features`]): the model learns how far to trust each one on pages of many outlets.

use regex::Regex;

/// Which furniture shape a line has, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    ReadTime,
    Advertisement,
    ShareWidget,
    Dateline,
    Byline,
    CommentForm,
    Copyright,
    Caption,
    Credit,
    SocialSignature,
}

impl Shape {
    pub const ALL: [Shape; 10] = [
        Shape::ReadTime,
        Shape::Advertisement,
        Shape::ShareWidget,
        Shape::Dateline,
        Shape::Byline,
        Shape::CommentForm,
        Shape::Copyright,
        Shape::Caption,
        Shape::Credit,
        Shape::SocialSignature,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Shape::ReadTime => "read_time",
            Shape::Advertisement => "advertisement",
            Shape::ShareWidget => "share_widget",
            Shape::Dateline => "dateline",
            Shape::Byline => "byline",
            Shape::CommentForm => "comment_form",
            Shape::Copyright => "copyright",
            Shape::Caption => "caption",
            Shape::Credit => "credit",
            Shape::SocialSignature => "social_signature",
        }
    }
}

/// A pattern whose capture groups may hold at most so many characters. A bounded repetition of a
/// Unicode class (`[\w\s]{0,60}`) compiles to one automaton copy per repetition, megabytes per
/// pattern and per thread; an open repetition plus this length check matches the same lines.
struct LimitedRegex {
    regex: Regex,
    /// (capture group, most characters it may hold)
    limits: Vec<(usize, usize)>,
}

impl LimitedRegex {
    fn is_match(&self, line: &str) -> bool {
        if !self.regex.is_match(line) {
            return false;
        }
        let Some(captures) = self.regex.captures(line) else { return false };
        self.limits
            .iter()
            .all(|&(group, most)| captures.get(group).is_none_or(|m| m.as_str().chars().count() <= most))
    }
}

pub struct Shapes {
    read_time: Regex,
    advertisement: Regex,
    dateline: LimitedRegex,
    byline: LimitedRegex,
    caption_position: Regex,
    trailing_credit: Regex,
    credit_prefix: Regex,
    agency_slashes: Regex,
    copyright: Regex,
    comment_form: Regex,
    contributor_note: LimitedRegex,
    social_signature: LimitedRegex,
    social_marker: Regex,
    picture_credit: Regex,
    /// A picture's source in brackets opening or closing a caption (see [`Shapes::credits_a_picture`]).
    bracketed_credit: Regex,
    site_notice: Regex,
    /// A paywall's or a newsletter's prompt ("Subscribe now for unlimited access.", "Not a
    /// subscriber yet? Click here", "Sign up for our daily newsletter").
    reader_prompt: Regex,
    /// A site's appeal for its readers' money ("Support from readers like you keeps ... open.").
    appeal: Regex,
    /// A consent dialog's account of the site's cookies.
    consent_dialog: Regex,
    /// A prompt of the site's, the whole line ("Connect with us", "Subscribe now").
    prompt_line: Regex,
    /// An embedded post's signature ending a line ("— Name (@handle) March 16, 2021").
    post_signature: Regex,
    /// A prompt to share the story or to follow the outlet ("Think your friends would be
    /// interested? Share this story!", "Follow The Gleaner on Twitter and Instagram").
    social_prompt: Regex,
    timed_teaser: Regex,
    /// A reader's comment's header: the name and the comment's age ("JokeyJack 2 weeks, 1 day
    /// ago").
    comment_header: Regex,
    page_code: Regex,
    feed_footer: Regex,
    site_label: Regex,
}

/// The longest line read for a site's notice or prompt (60 words of cookie policy at most).
const NOTICE_BYTES: usize = 800;

/// Words that make up share/follow/navigation widgets; a short line made only of these (with at
/// least one trigger) is a widget.
pub const WIDGET_WORDS: &[&str] = &[
    "share", "shares", "shared", "this", "the", "article", "story", "page", "on", "via", "follow", "us", "tweet",
    "email", "e-mail", "mail", "print", "facebook", "twitter", "x", "whatsapp", "linkedin", "telegram", "reddit",
    "pinterest", "flipboard", "messenger", "copy", "copied", "link", "short", "url", "comments", "comment", "save",
    "saved", "bookmark", "subscribe", "newsletter", "sign", "up", "gift", "listen", "to", "audio", "font", "size",
    "text", "a", "and", "or", "more", "options", "google", "news", "feed", "rss", "youtube", "instagram", "tiktok",
    "threads", "bluesky", "mastodon", "sms",
];
const WIDGET_TRIGGERS: &[&str] = &[
    "share", "shares", "shared", "follow", "tweet", "email", "e-mail", "print", "facebook", "twitter", "whatsapp",
    "linkedin", "telegram", "reddit", "pinterest", "flipboard", "url", "link", "subscribe", "newsletter", "bookmark",
    "save", "comments", "comment", "listen", "instagram", "youtube", "tiktok",
];

pub const MONTHS: &str = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

impl Shapes {
    pub fn new() -> Shapes {
        let months = MONTHS;
        let re = |pattern: &str| Regex::new(pattern).expect("built-in clean pattern compiles");
        let limited = |pattern: &str, limits: &[(usize, usize)]| LimitedRegex { regex: re(pattern), limits: limits.to_vec() };
        Shapes {
            read_time: re(r"(?i)^(?:(?:estimated\s+)?(?:reading|read)\s+time\s*:?\s*)?(?:<\s*|less than\s+)?(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a)\s*[-\s]?\s*(?:min|mins|minute|minutes)\.?(?:\s+(?:read|reading|listen|watch))?(?:\s+time)?$"),
            // (In brackets and trailing off too: "(Continue reading below...)".)
            advertisement: re(r"(?i)^(?:/\*+\s*)?[(\[]?\s*(?:advertisements?|advertising|advert|ad|ads|sponsored(?: content| post)?|promoted(?: content)?|paid (?:content|post)|(?:story|article) continues below(?: advertisement)?|continue reading(?: below| the main story)?|scroll (?:down )?to continue(?: with content)?|(?:press\s+[\x22“]?enter[\x22”]?\s+to\s+)?(?:skip|jump) (?:to )?(?:the )?(?:main )?(?:content|navigation|menu|search|footer|ad|advertisement)|remove ads?|exit mobile version)\s*(?:[:.]|\.\.\.|…)?\s*[)\]]?(?:\s*\*+/)?$"),
            dateline: limited(&format!(r"(?i)^(?:updated|published|posted|last updated|first published|modified|created)(?:\s+on)?\s*:?\s+(?:\d|{months}|mon|tue|wed|thu|fri|sat|sun|today|yesterday)([\w\s,:./-]*)$"), &[(1, 60)]),
            byline: limited(r"^(?:[Bb]y|BY)\s+\p{Lu}[\p{L}.'’-]+(?:\s+(?:\p{Lu}[\p{L}.'’-]*|de|van|von|al|bin|da|di|and|&))*(?:\s*[,|/–—-]\s*([\p{L}\s.&'’-]*))?$", &[(1, 60)]),
            caption_position: re(r"(?i)\((?:left|right|centre|center|top|bottom|middle|pictured|inset|front|back|far left|far right|second (?:left|right)|l|r|c|l-r|l to r|from left)\)"),
            // "... on Sunday. (AFP)", "... on the A16. Photo: Terry Harris" ("Photo: RNZ / Tess Brunton").
            trailing_credit: re(r"[.!?”\x22]\s*(?:\((?:(?i:photo|file photo|image|picture|video|credit|courtesy)[^()]*|\p{Lu}[\p{L}&.'-]*(?:\s*[/,]?\s*\p{Lu}[\p{L}&.'-]*){0,3})\)|(?:Photo|Photos|Photograph|Picture|Pic|Image|Credit)\s*:\s*\p{Lu}[^.!?:]{1,60}|(?i:file (?:photo|picture|image|pic))\.?)\s*$"),
            // "Photo: Jane Doe", "Image credit: Agency"; and, a line of its own, "Photo by Jane
            // Doe" or "Photo courtesy of the club" (with no sentence after it).
            credit_prefix: re(r"(?i)^(?:(?:main |lead |top |header |featured )?(?:photo|photograph|image|picture|pic|illustration|graphic|video|cover)(?: source| credit| by| courtesy)?|credits?|source|courtesy)\s*:\s*\S|^(?i:photos?|photograph|images?|pictures?|illustration|video)\s+(?:(?i:by)\s+(?:the\s+)?\p{Lu}[^.!?]{0,60}|(?i:courtesy(?:\s+of)?)\s+\S+(?:\s+\S+){0,4}\.?)$"),
            agency_slashes: re(r"(?:\p{Lu}{2,}|\b(?:Getty Images|Reuters|AFP|Shutterstock|Alamy|Bloomberg|Xinhua|Anadolu|dpa|Sipa|Zuma|Pool))\s*/\s*(?:\p{Lu}{2,}|Getty Images|Reuters|AFP|AP|Shutterstock|Alamy|Bloomberg|Xinhua|Anadolu|dpa|Sipa|Zuma|Pool)\b|\p{L}\s*/\s*(?:Getty Images|Reuters|AFP|AP Photo|Shutterstock|Alamy|Bloomberg via Getty Images|EPA|PA Wire|PA Media)\s*$"),
            // A notice: "©", "(c) 2024", "All rights reserved", "Copyright 2024 ...", "Copyright:
            // ...", "Photos copyright Jane Doe", "is copyright of ..."; not a sentence or a headline
            // that speaks of copyright ("Under the fair use rules of copyright law, ...", "The band
            // says the brewery infringed its copyright.", "Copyright Office rejects ...").
            copyright: re(r"(?i:©|\(c\)\s*\d{4}|\ball rights reserved\b|\bcopyright\s*(?:©|\(c\)|\d{4})|^\W*copyright\s*:|\b(?:is|are)\s+copyright\s+(?:of|by)\b)|(?i:\b(?:content|text|photos?|images?|pictures?|material|graphics?|videos?)\s+(?:(?:and|&)\s+(?:photos?|images?|pictures?|text|videos?)\s+)?copyright\s+(?:of\s+|by\s+)?)\p{Lu}"),
            // (And the discussion rules many local papers' comment sections print: "Keep it
            // Clean. Please avoid obscene ...", "PLEASE TURN OFF YOUR CAPS LOCK.", "Be Nice. ...".)
            comment_form: re(r"(?i)^(?:welcome to the discussion\.?|keep it clean\..*|please turn off your caps lock\.?|don'?t threaten\..*|be truthful\..*|be nice\..*|be proactive\..*|share with us\..*|leave a (?:comment|reply)|post (?:a )?comment|add (?:a )?comment|write a comment|your email address will not be published\.?.*|required fields are marked.*|comments? (?:are|is) closed\.?|\d+\s+comments?|view comments|show comments|load comments|join the conversation|sign in to comment|log in to comment|(?:name|email|website|comment)\s*\*|save my name, email.*|cancel reply|you must be logged in to post a comment\.?|this site uses akismet to reduce spam\..*)$"),
            contributor_note: limited(r"(?i)^\(?([^()]*?)\b(?:contributed (?:reporting|to this (?:report|story|article))|additional reporting by|reporting by|editing by|writing by|compiled by)\b([^()]*?)\)?\.?$", &[(1, 100), (2, 100)]),
            social_signature: limited(&format!(r"(?i)^(?:[—–-]{{1,2}}\s*([^()\n]+)\(@(\w+)\)\s+(?:{months})\.?\s+\d{{1,2}},?\s+\d{{4}}|a (?:post|video|photo) shared by (.+?)|pic\.twitter\.com/\S+)\s*$"), &[(1, 80), (2, 30), (3, 80)]),
            social_marker: re(r"(?:^|\s)[@#]\w{2,}|https?://|pic\.twitter\.com|t\.co/"),
            // A caption's credit at its end, in the forms the trailing credit above leaves out:
            // "... 2020 PHOTO: Jane Doe/Outlet", "... PHOTO | FILE | OUTLET", "(File Photo | EPS)",
            // "— Agency pic", ". Picture Jane Doe.", ". Photo by EPA". (Not "(Jane Doe, Outlet)": a
            // list's item may end so, "(Bonn Convention, CMS)"; nor ". (@agency/X)": an article
            // cites a post so.)
            // A site's notice to its reader about cookies or the browser ("We use cookies to ...",
            // "Your browser is no longer supported"); it addresses the reader or speaks for the
            // site (a story about cookie law does neither).
            site_notice: re(r"(?i)(?:\b(?:enable|accept(?: all)?|allow|consent to(?: the use of| use)?)\s+cookies\b|\b(?:we|(?:this|our) (?:web)?site) uses? cookies\b|\bcookies? (?:policy|settings|preferences|are disabled|disabled)\b|\byour browser (?:is (?:no longer|not) supported|appears to have|is out of date|does not support)|\b(?:upgrade|update|switch)(?: to a newer version)?(?: of| or| to)? (?:your|another|a newer|a modern|a different|the latest) (?:web )?browser\b|\buse a (?:modern|newer|supported|different) (?:web )?browser\b|\b(?:disable|turn off|pause) (?:your |the )?ad ?blocker\b|\bad ?blocker (?:detected|is (?:on|enabled|active))\b|\bby (?:using|continuing to (?:use|browse)) (?:this|our) (?:web)?site\b|\b(?:enable|turn on) javascript\b|\bjavascript is (?:disabled|turned off)\b)"),
            // A consent dialog's account of the site's cookies ("Analytical cookies are used to
            // ...", "The cookies that are categorized as "Necessary" are stored on your browser").
            consent_dialog: re(r"(?i)\b(?:necessary|functional|analytic(?:al|s)?|performance|advertisement|advertising|marketing|targeting|preference|statistics?|essential) cookies (?:are|is|help|do|may|allow|collect|enable)\b|\bcookies\b.{0,60}\b(?:stored|placed|saved|set)\b.{0,20}\byour (?:browser|device|computer)\b"),
            prompt_line: re(r"(?i)^(?:(?:connect|stay connected|keep in touch|get in touch) with us|follow us(?: on (?:(?:facebook|x|twitter|instagram|tiktok|youtube|linkedin|threads|bluesky|whatsapp|telegram)(?:,? and |, | & )?)+)?|(?:subscribe|sign up|log in|sign in|register|donate|support us|join us)(?: now| today| here)?|we need your (?:help|support)(?: now| today)?|(?:please )?support (?:our|independent|local|quality) journalism|(?:(?:feedback wanted|help us improve)\W+)?(?:please )?(?:take|complete|fill (?:in|out)|answer) (?:our|this|the) (?:(?:short|quick|brief|reader|\d+-minute)\s+)*(?:survey|poll|questionnaire)|click (?:here )?to take (?:(?:our|the|this) )?(?:(?:short|quick|brief|reader|\d+-minute)\s+)*(?:survey|poll)|@\w{2,30})\W*$"),
            post_signature: re(&format!(r"(?i)[—–]\s*[^()—–]+\(@\w+\)\s+(?:{months})\.?\s+\d{{1,2}},?\s+\d{{4}}$")),
            // A site's appeal for its readers' money ("Support from readers like you keeps ...
            // open.", "please contribute what you can", "We need your help now").
            appeal: re(r"(?i)\breaders like you\b|\bsupport (?:(?:our|independent|quality|local|public[- ]interest|trusted|fearless),? (?:and )?){1,4}(?:journalism|reporting|mission|newsroom)\b|\b(?:contribute|donate|give) what you can\b|^we need your (?:help|support)\b|\bvalue in our (?:reporting|journalism|work)\b|\bmak(?:e|ing) a (?:one-off |one-time |monthly |small )?(?:donation|contribution) (?:to (?:us|our)|today)\b"),
            social_prompt: re(r"(?i)(?:^|[.!?]\s+)share this (?:story|article|post|page)\b\W*$|^follow (?:us|(?-i:\p{Lu})\S*(?: (?-i:\p{Lu})\S*){0,3}) on (?:twitter|x|facebook|instagram|tiktok|youtube|linkedin|threads|bluesky|whatsapp|telegram)\b|^(?:connect|stay connected|keep in touch|get in touch) with us\W*$"),
            reader_prompt: re(r"(?i)^(?:subscribe (?:now|today|for|to (?:our|the|continue|keep reading|read))|already (?:a )?(?:subscriber|member)|not a (?:subscriber|member)|become a (?:subscriber|member|supporter)|(?:get )?unlimited (?:digital )?access|(?:sign|log) in to (?:continue|keep reading|read)|to continue reading|support (?:our|independent|quality|local) journalism|sign up (?:for|to) (?:our|the|my) (?:\w+ )?newsletter|(?:quickly )?(?:exit|leave) this (?:site|page|website))\b"),
            // Another story's headline run into the time since it was posted, as a site's
            // "Latest" rail gives it to a copy ("25m agoBoris Johnson breached rules"); not a
            // sentence ("48 hours ago Liverpool were top.") nor a live blog's entry, spaced.
            // The line a WordPress feed adds under every post it syndicates.
            feed_footer: re(r"^The post .{3,300} appeared first on (?:\p{Lu}|www\.|\d)[^\s,;]*(?:\s+(?:of|the|and|&|[\p{Lu}\d][^\s,;]*)){0,6}$"),
            // A blog's shortcode left in the text ("[ad_1]"), an image's file name
            // ("whitaker_graphic", "IMG_2041.jpg"), an archive's label ("Category:
            // plane crash", "Filed under: ...", "Posts tagged with ...", "Showing posts with label
            // ..."), the platform's credit ("Powered by Blogger."),
            // an update's time alone ("Updated from 12:17 p.m. EDT"), a read-aloud player's
            // notice ("You can now listen to articles.", "This audio is generated by an AI tool."),
            // a teaser's age or comment count on a line of its own ("2 days ago", "3"),
            // WordPress's archive notice ("You are currently browsing the tag archive for the
            // 'Police' tag."), a picture's placeholder ("Image Not Found"), a skip link after an
            // icon's alternative text ("image/svg+xml Skip to main content").
            site_label: re(r"^\[[a-z][a-z0-9_]*\]$|^(?i:(?:\d{1,2}|an?|one)\s+(?:second|sec|minute|min|hour|hr|day|week|month|year)s?\s+ago)$|^\d{1,3}$|^\(?\d[\d,.]*\s*(?i:views?|reads?)\)?$|^(?i:views?|reads?)\s*:\s*\d[\d,.]*$|^[\w-]+_[\w-]+$|(?i)^\S+\.(?:jpe?g|png|gif|webp)$|(?i)^(?:categor(?:y|ies)|tags?|topics?|filed under|posted in)\s*:\s*\S.{0,80}$|(?i)^(?:home\s+)?(?:tags?\s+)?posts tagged (?:with\s+)?\S[^.!?]{0,60}$|(?i)^showing posts (?:with label|for query|from) [^.!?]{1,60}(?:\.\s*show all posts)?$|^(?i:powered by) (?-i:\p{Lu})\S*(?: (?-i:\p{Lu})\S*)?$|(?i)^(?:last )?(?:updated|posted|published)(?: from| at| on)?:?\s+\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?\.?$|(?i)^(?:new:\s*)?(?:you can now listen to (?:this |our )?articles?|listen to this (?:article|story))\.?$|(?i)^this audio is (?:ai-generated|generated by an? (?:ai|artificial intelligence)\b.{0,30})$|(?i)^you are currently browsing the\b.{0,80}\barchives? for\b.{0,120}\b(?:tag|category|\d{4})\.?$|(?i)^images? (?:not found|not available|unavailable)\.?$|(?i)^archives? for the [‘'\x22“].{1,80}?[’'\x22”]\s*(?:category|tag)\.?$|^(?:Category|Tag|Author) Archives: \S+(?: \S+){0,4}$|(?i)^(?:daily|monthly|yearly) archives?\s*:\s*[^.!?]{0,30}\b\d{4}$|(?i)^archives? for (?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+)?(?:\d{1,2},?\s+)?\d{4}$|(?i)^author[’']s posts$|(?i)^\S*[/+._]\S*\s+(?:skip|jump) to (?:the )?(?:main )?content$"),
            comment_header: re(r"^(?:[\p{Lu}@]\S*\s+){1,3}(?:[•·|–-]\s+)?(?:\d{1,2}|an?|one)\s+(?i:day|week|month|year)s?,?\s+(?:(?:\d{1,2}|an?|one)\s+(?i:day|hour|minute)s?,?\s+)?ago$"),
            timed_teaser: re(r"^\d{1,2}\s?(?i:m|mins?|minutes?|h|hrs?|hours?)\s+ago[\p{Lu}\x22'‘“][^.!?]*$"),
            // A page's style sheet, script or template left in its text ("h1{font-size:32px;}",
            // "document.addEventListener('load', function () {", "{{widget.title}}").
            page_code: re(r"^\s*\{\{[^{}]*\}\}\s*$|^\s*\{%[^{}]*%\}\s*$|[\w#.\]\)-]\s*\{[^{}]*[\w-]\s*:[^{}]*;[^{}]*\}|\bfunction\s*\w*\s*\([\w\s,]*\)\s*\{|\)\s*=>\s*\{|\b(?:document|window|console|jQuery)\.\w+\s*[.(]|\b(?:var|let|const)\s+\w+\s*=[^=]"),
            picture_credit: re(r"(?:(?i:\b(?:photo|photos|photograph|photographer|picture|pic|image|file photo|file picture)\s*[:|/]\s*)[\p{Lu}@][^.!?:]{0,60}\.?|\((?i:(?:file|supplied|submitted|contributed|handout|stock)\s+)?(?i:photo|photos|picture|pic|image)\b[^()]{0,60}\)|[—–]\s*(?:\p{Lu}[\p{L}.'’-]*\s+){1,3}(?i:pic|pix|picture|photo)|[.!?]\s+(?:Picture|Pictures|Photo|Photos|Pic)\s+(?:by\s+\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){0,2}|\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){1,2})\.?|[.!?]\s+(?:(?:AFP|AP|EPA|AAP|PA|Reuters|Bloomberg)(?: Photo)?(?:/[^.!?/]{1,40})? via )?(?:Getty Images|Shutterstock|Alamy|iStock(?:photo)?)(?:/[^.!?]{1,40})?\.?|[.!?]\s+View (?:image|photo) in full ?screen|[.!?]\s*[-–—]\s*(?i:photos?|pictures?|image|pic)\s+(?i:courtesy(?: of)?)\s+\S[^.!?]{0,60}|^(?:\p{Lu}[\p{L}.'’-]*\s+){0,3}\p{Lu}[\p{L}.'’-]*\s*/\s*(?:Flickr|Unsplash|Pexels|Pixabay|Wikimedia(?: Commons)?|Facebook|Instagram)|(?:^|[.!?]\s+(?:\p{Lu}[\p{L}'’-]*\s+){0,4}|\(\s*)(?i:(?:file\s+)?(?:photo|picture|image|pic)s?\s+(?:used\s+)?for illustrat(?:ion|ive) purposes(?: only)?)\.?\)?)\s*$"),
            bracketed_credit: re(r"^\((?i:file|supplied|submitted|contributed|handout|stock)\s+(?i:photo|picture|image|pic)s?\)\s|\((?i:(?:file|supplied|submitted|contributed|handout|stock)\s+(?:photo|picture|image|pic)s?|(?:photo|photos|picture|image|pic)\s*[:/]\s*[^()\s][^()]{0,60})\)$"),
        }
    }

    /// The furniture shape of one trimmed, non-blank line.
    pub fn of(&self, line: &str) -> Option<Shape> {
        // (No shape below has more than 60 words: a paragraph's are not all counted.)
        let words = line.split_whitespace().take(61).count();
        let ends_sentence = line.ends_with(['.', '!', '?', '"', '”', '’', '\'']);
        // In order, stopping at the first shape found: every line of every page comes here.
        let shape = if words <= 12 && self.read_time.is_match(line) {
            Shape::ReadTime
        } else if words <= 8 && self.advertisement.is_match(line) {
            Shape::Advertisement
        } else if words <= 6 && is_widget(line) {
            Shape::ShareWidget
        } else if words <= 20 && self.dateline.is_match(line) {
            Shape::Dateline
        } else if words <= 12 && self.byline.is_match(line) {
            Shape::Byline
        } else if words <= 30 && self.comment_form.is_match(line) {
            Shape::CommentForm
        } else if words <= 30 && (self.copyright.is_match(line) || owner_after_copyright(line)) {
            Shape::Copyright
        } else if words <= 60 && (self.caption_position.is_match(line) || self.trailing_credit.is_match(line)) {
            Shape::Caption
        } else if (words <= 25 && (self.credit_prefix.is_match(line) || (!ends_sentence && self.agency_slashes.is_match(line))))
            || (words <= 40 && self.contributor_note.is_match(line))
        {
            Shape::Credit
        } else if self.social_signature.is_match(line) {
            Shape::SocialSignature
        } else {
            return None;
        };
        Some(shape)
    }

    /// A reader's comment's header: one to three capitalised words (a name, a handle) and the
    /// comment's age in days or more ("JokeyJack 2 weeks, 1 day ago", "Jane • 3 days ago"; not
    /// a live blog's "Jane Doe 2 hours ago", nor "Police arrived 3 days ago", a date line's
    /// "Updated 2 days ago" or a timeline's "Friday 3 days ago").
    pub fn comment_header(&self, line: &str) -> bool {
        const NOT_NAMES: &[&str] = &["published", "updated", "posted", "edited", "modified", "last", "first", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
        let first = line.split_whitespace().next().unwrap_or("").trim_end_matches(':').to_lowercase();
        self.comment_header.is_match(line.trim()) && !NOT_NAMES.contains(&first.as_str())
    }

    /// Handles, hashtags or links: the marks of an embedded social post.
    pub fn has_social_marker(&self, line: &str) -> bool {
        self.social_marker.is_match(line)
    }

    /// A line of the page's own, never an article's: an advertisement's label, a share widget,
    /// a comment form's prompt, a read time.
    pub fn page_furniture(&self, line: &str) -> bool {
        // (Each of these shapes is 30 words at most: a paragraph is not read for them.)
        line.split_whitespace().nth(30).is_none()
            && (matches!(self.of(line), Some(Shape::Advertisement | Shape::ShareWidget | Shape::CommentForm | Shape::ReadTime)) || self.timed_teaser.is_match(line))
            || self.feed_footer.is_match(line)
            || self.site_label.is_match(line.trim())
            || self.page_code(line)
    }

    /// A line of a page's code: a style rule, a script or a template's tag, with the brackets
    /// and semicolons of code (no sentence holds "{border:1px;}" or "function () {").
    fn page_code(&self, line: &str) -> bool {
        let marks = || line.chars().filter(|c| matches!(c, '{' | '}' | '(' | ')' | ';' | '=')).nth(2).is_some();
        // (Not a sentence quoting code: "He typed console.log(password); then ...".)
        let sentence = line.trim_end().ends_with(['.', '!', '?', '"', '”']);
        !sentence && marks() && self.page_code.is_match(line)
    }

    /// A notice to the reader about cookies or the browser ("You need to enable JavaScript",
    /// "We use cookies to improve your experience"): furniture outside the article's text (an
    /// article may quote such a sentence, or a recipe use cookies).
    pub fn site_notice(&self, line: &str) -> bool {
        let addresses_reader = || {
            line.split(|c: char| !c.is_alphanumeric()).any(|w| matches!(w.to_lowercase().as_str(), "you" | "your" | "we" | "our" | "us" | "please"))
                || line.to_lowercase().contains("this site")
                || line.to_lowercase().contains("this website")
        };
        // (The words it needs first: most lines hold none of them.)
        const WORDS: [&str; 13] = ["cookie", "Cookie", "COOKIE", "browser", "Browser", "BROWSER", "avaScript", "avascript", "AVASCRIPT", "blocker", "Blocker", "this site", "our site"];
        // (A notice is short: a paragraph is not scanned for its words.)
        let notice = line.len() <= NOTICE_BYTES
            && WORDS.iter().any(|word| line.contains(word))
            && line.split_whitespace().nth(60).is_none()
            && self.site_notice.is_match(line)
            && addresses_reader();
        // (A prompt opens its line and speaks to the reader by its verb; it is short.)
        // (A prompt to follow may go on with the outlet's other addresses: up to 40 words.)
        let within = |words: usize| line.split_whitespace().nth(words).is_none();
        // (Not in a quotation: "She is only 15. Share this post.")
        let quoted = || line.contains(['"', '“', '”']);
        notice || line.len() <= NOTICE_BYTES && (within(25) && self.reader_prompt.is_match(line.trim_start()) || within(40) && !quoted() && self.social_prompt.is_match(line.trim()))
    }

    /// A consent dialog's account of the site's cookies, or the site's appeal for its readers'
    /// money, speaking to them ("Analytical cookies are used to understand how visitors
    /// interact with the website.", "Support from readers like you keeps this paper open."). A
    /// story about cookie rules or an appeal reads much the same, so these only tell the page's
    /// top from its article, never remove a line.
    pub fn dialog_or_appeal(&self, line: &str) -> bool {
        let lower = line.to_lowercase();
        let speaks = || lower.split(|c: char| !c.is_alphanumeric()).any(|w| matches!(w, "you" | "your" | "we" | "our" | "us" | "please"));
        line.len() <= NOTICE_BYTES && line.split_whitespace().nth(60).is_none() && (lower.contains("cookie") && self.consent_dialog.is_match(line) || speaks() && self.appeal.is_match(line))
    }

    /// A prompt of the site's to its reader, the whole line: to subscribe, to follow or to
    /// connect with it, to give ("Connect with us", "Subscribe now", "We need your help now";
    /// not "We need your help, police say" nor "Follow Taylor Swift on TikTok", headlines).
    pub fn prompt(&self, line: &str) -> bool {
        self.prompt_line.is_match(line.trim())
    }

    /// An embedded post's signature at the end of its text ("#PowerAlert ... — Grid Operator
    /// (@GridOperator) March 16, 2021"; not a byline with its author's handle, "Jane Doe
    /// (@janedoe), March 16, 2024").
    pub fn post_signature(&self, line: &str) -> bool {
        line.contains("(@") && self.post_signature.is_match(line.trim_end())
    }

    /// The words before the credit of a picture that ends `line` ("Police at the scene on
    /// Monday. PHOTO | FILE | NATION MEDIA GROUP": 6; "Image: Jane Doe/Agency": 0), if one does.
    /// With a description before it, the line is a caption: the contract's furniture, though it
    /// reads as a sentence ("Best portrait photo: Jane Doe" is an award's, with two words).
    pub fn picture_credit(&self, line: &str) -> Option<usize> {
        // (The words a credit needs, near the line's end, first: most lines hold none.)
        let tail = &line[line.floor_char_boundary(line.len().saturating_sub(120))..];
        let lower = tail.to_ascii_lowercase();
        if !["pic", "pix", "photo", "image", "flickr", "unsplash", "pexels", "wikimedia", "facebook", "instagram"].iter().any(|word| lower.contains(word)) || line.split_whitespace().nth(60).is_some() {
            return None;
        }
        self.picture_credit.find(line).map(|credit| line[..credit.start()].split_whitespace().count())
    }

    /// A caption crediting its picture, or the credit alone on its line ("Photo: Unsplash"; see
    /// [`Shapes::picture_credit`]). However short, a caption whose brackets name the picture's
    /// source or call it a file photo ("(File Photo) Ghana's President, Nana Akufo-Addo", "Team
    /// West Indies (Photo/ICC-Twitter)"; not a headline's "(PHOTOS)", which names none).
    pub fn credits_a_picture(&self, line: &str) -> bool {
        // (A bracketed credit closes a caption, not a paragraph: 60 words at most, as for
        // `picture_credit`; and "(Photo/Video)" names a headline's media, no source.)
        let bracketed = || line.split_whitespace().nth(60).is_none() && self.bracketed_credit.find(line.trim()).is_some_and(|credit| !credit.as_str().to_lowercase().contains("video"));
        self.picture_credit(line).is_some_and(|described| described >= 4 || described == 0) || bracketed()
    }

    /// A picture's credit alone on its line ("Photo credit: File", "© UNICEF/2014/G Samson",
    /// "Photo: Jane Doe"), not a wire's credit of its reporters.
    pub fn picture_credit_alone(&self, line: &str) -> bool {
        // (After "Main", "Top", "Lead"... too: "Main image: Getty Images".)
        let mut words = line.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase);
        let first = words.next().unwrap_or_default();
        let first = if matches!(first.as_str(), "main" | "top" | "lead" | "header" | "featured") { words.next().unwrap_or_default() } else { first };
        let photo_word = matches!(first.as_str(), "photo" | "photos" | "photograph" | "image" | "images" | "picture" | "pic" | "credit" | "courtesy");
        // ("© Agency/2014/J Doe", the form of a picture's credit; not "Copyright 2024 The
        // Associated Press. All rights reserved.", a wire story's last line.)
        let slashed = line.trim_start().starts_with('©') && line.contains('/');
        line.split_whitespace().nth(10).is_none() && (photo_word && self.credit_prefix.is_match(line) || slashed || self.picture_credit(line) == Some(0))
    }
}

/// "Copyright Reuters", "Copyright The Daily Courier 2024", "Copyright by Jane Doe": the word
/// opening the line, then an owner's name and nothing that reads as a sentence ("Copyright
/// Office rejects bid ..." and "Copyright law has ..." do).
fn owner_after_copyright(line: &str) -> bool {
    let line = line.trim_start_matches(|c: char| !c.is_alphanumeric());
    let Some(rest) = line.get(..9).filter(|word| word.eq_ignore_ascii_case("copyright")).map(|_| line[9..].trim_start()) else { return false };
    let rest = ["by ", "of "].iter().find_map(|word| rest.strip_prefix(word)).unwrap_or(rest);
    rest.starts_with(char::is_uppercase)
        && rest.split_whitespace().all(|word| !word.starts_with(char::is_lowercase) || matches!(word, "of" | "the" | "and" | "for" | "by"))
}

fn is_widget(line: &str) -> bool {
    let mut trigger = false;
    for word in line.split(|c: char| c.is_whitespace() || c == '|' || c == '/' || c == '·' || c == '•') {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        if word.is_empty() {
            continue;
        }
        if !WIDGET_WORDS.contains(&word.as_str()) {
            return false;
        }
        trigger |= WIDGET_TRIGGERS.contains(&word.as_str());
    }
    trigger
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_shapes_are_recognised() {
        let shapes = Shapes::new();
        let cases = [
            ("5 min read", Shape::ReadTime),
            ("Reading time: 4 minutes", Shape::ReadTime),
            ("Reading Time: < 1 minute", Shape::ReadTime),
            ("ADVERTISEMENT", Shape::Advertisement),
            ("Story continues below advertisement", Shape::Advertisement),
            ("Share this article", Shape::ShareWidget),
            ("Facebook Twitter WhatsApp Email", Shape::ShareWidget),
            ("Published: 12:40 BST, 3 March 2021", Shape::Dateline),
            ("By Jane Doe and John Smith, Associated Press", Shape::Byline),
            ("© 2023 Daily Planet Media. All rights reserved.", Shape::Copyright),
            ("Copyright 2024 The Daily Courier", Shape::Copyright),
            ("Text and photos copyright 2024 Jane Doe", Shape::Copyright),
            ("All content copyright The Daily Courier unless otherwise stated.", Shape::Copyright),
            ("Photos copyright Jane Doe", Shape::Copyright),
            ("This article is copyright of The Daily Courier and may not be reproduced.", Shape::Copyright),
            ("Copyright: Daily Courier Media", Shape::Copyright),
            ("Copyright © 2024 Daily Courier", Shape::Copyright),
            ("Text and images copyright The Daily Courier Ltd", Shape::Copyright),
            ("Copyright Reuters 2024", Shape::Copyright),
            ("Copyright AFP", Shape::Copyright),
            ("Copyright Guardian News & Media Limited", Shape::Copyright),
            ("Copyright by The Daily Courier", Shape::Copyright),
            ("Images are copyright of their respective owners.", Shape::Copyright),
            ("Photo courtesy of the family", Shape::Credit),
            ("Your email address will not be published. Required fields are marked *", Shape::CommentForm),
            // (Regressions, hunt 13: WordPress's comment form, an advertisement's note in brackets.)
            ("This site uses Akismet to reduce spam. Learn how your comment data is processed.", Shape::CommentForm),
            ("(Continue reading below...)", Shape::Advertisement),
            ("[Story continues below advertisement]", Shape::Advertisement),
            ("The minister (left) greets the visiting delegation in Lisbon", Shape::Caption),
            ("Firefighters battle the blaze on Sunday. (AFP)", Shape::Caption),
            ("Police at the scene of the crash on the A16. Photo: Terry Harris", Shape::Caption),
            ("Te Whatu Ora's new hospital. Photo: RNZ / Tess Brunton", Shape::Caption),
            // (Regression, hunt 11 #8.)
            ("There are chances of dust storms. File photo", Shape::Caption),
            ("Photo: Maria Lopez for The Courier", Shape::Credit),
            ("Photo by Maria Lopez", Shape::Credit),
            ("Photos courtesy of the Riverside Club", Shape::Credit),
            ("Exit mobile version", Shape::Advertisement),
            // (Regression, hunt 17 #2: a theme's skip link was the title.)
            ("Press \"Enter\" to skip to content", Shape::Advertisement),
            ("Skip to main content", Shape::Advertisement),
            ("Jump to navigation", Shape::Advertisement),
            ("(Reporting by Ann Lee; Editing by Tom Hale)", Shape::Credit),
            ("— Mayor Ann Vale (@annvale) March 3, 2024", Shape::SocialSignature),
        ];
        for (line, shape) in cases {
            assert_eq!(shapes.of(line), Some(shape), "{line}");
        }
    }

    #[test]
    fn a_sentence_about_copyright_is_no_copyright_notice() {
        // Regression: a sentence on copyright law in a clean article was dropped as a notice.
        let shapes = Shapes::new();
        for line in [
            "Under the fair use rules of copyright law, a candidate may show a station's clips in an advert.",
            "The agency has warned stations that they may be breaking copyright rules when they air its material.",
            "Copyright fight over AI-made comic heads to appeals court",
            "Copyright law has not kept up with the tools artists now use.",
            // (Review: a headline ending in the word, an office's name, a sentence of a suit.)
            "Judge says AI firm broke the law on copyright",
            "Copyright Office rejects bid to register AI-made art",
            "The U.S. Copyright Office said the artist had not shown enough human input.",
            "The band says the brewery infringed its copyright.",
            "The museum says the copyright of the picture passed to it in 1990.",
        ] {
            assert_eq!(shapes.of(line), None, "{line}");
        }
    }

    #[test]
    fn a_caption_crediting_its_picture_is_told_from_prose() {
        let shapes = Shapes::new();
        for line in [
            "The police crest on an officer's uniform in Abuja on October 3rd, 2020 PHOTO: Jane Doe/Channels TV",
            "Suspected robbers descend on a pedestrian on a city street. PHOTO | FILE | NATION MEDIA GROUP",
            "The state police chief at a briefing (File Photo | EPS)",
            "The chief minister speaks during a press conference on Monday. — Bernama pic",
            "An investigation is under way after the incident in the city overnight. Picture Jane Doe.",
            "A garda watches over an empty street (Image: @GardaTraffic)",
            "The president and his deputy on board a carriage making their way through the crowd. Photo by EPA",
            "The new police headquarters on the corner of Queen and Pim streets (SUPPLIED PHOTO)",
            // (Hunter S: a slash after the label; a full stop after the name.)
            "Armed men in plainclothes patrol downtown Kampala on Monday. PHOTO/ STEPHEN OTAGE",
            "Annie Kidd, with her dogs, at the farm gate on Tuesday. Photo: Jane Kidd.",
            // (Hunter V: the credit alone on its line; a photographer's credit.)
            "Photo: Unsplash",
            "PayPal Inc.'s logo is displayed at an event hosted by the company in New York. Photographer: Michael Nagle/Bloomberg",
            // (Hunt 9: a picture library's name alone after the caption; a gallery's button.)
            "Police responded to two firearm incidents in West Kingston overnight. Getty Images",
            "Demonstrators outside parliament on Monday. AFP via Getty Images",
            "A file photo of a police cruiser. View image in full screen",
            // (Hunt 18: a blog's disclaimer closing its picture's caption.)
            "The cemetery lies next to farm fields. Prairie Roots file photo used for illustration purposes only.",
            "A police car outside the court. (Image for illustrative purposes)",
            // (Hunt 19: a courtesy credit after a dash; a platform's name after the slash.)
            "A fish bomb on the seabed. – Photo courtesy of WWF-Malaysia",
            "Degraded corals from fish bombs.-Picture courtesy of WWF-Malaysia/Eric Madeja",
            "Paul Goyette/Flickr",
            // (Hunt 21: however short, a caption whose brackets give the picture's source.)
            "(File Photo) Ghana’s President, Nana Akufo-Addo",
            "Team West Indies (Photo/ICC-Twitter)",
            "Team West Indies (Photo: ICC-Twitter)",
            "Nana Akufo-Addo (File Photo)",
        ] {
            assert!(shapes.credits_a_picture(line), "{line}");
        }
        for line in [
            "The council voted 7-2 to approve the budget on Tuesday.",
            "She posted a photo: her dog asleep on the sofa",
            "The treaty on migratory species (Bonn Convention, CMS)",
            "Photos of the week ending April 19, 2024 show the city under snow.",
            "He said the picture was clear.",
            "He said the photo by the agency was taken in May.",
            "Photo by photo, the album tells the story of the town.",
            "Video by a bystander shows officers using batons",
            "Photos courtesy of the fire service show the burnt-out shop",
            "The mayor announced the closure of the bridge on Monday evening. (@MayorJaneDoe/X)",
            "Best portrait photo: Ravi Patel, for My Grandmother",
            "The renaming is no Malay agenda, said Youth and Sports Minister Khairy Jamaluddin (pic).",
            "The agency sold the photo/ video rights to a broadcaster.",
            "The company bought the rival picture library last year. Getty Images declined to comment on the deal.",
            "The museum said the photos were taken for illustration purposes in a 1950s textbook and later sold.",
            // (Review: sentences that say so.)
            "The Daily Courier apologised on Monday, saying the photo had been published for illustration purposes only.",
            "The leaflet showed a smiling nurse, but the agency said the photo was a stock image for illustrative purposes only.",
            "The ministry later admitted that the image was shared for illustrative purposes.",
            "The firm moved its ads from Facebook/Instagram to TikTok in May.",
            "Photos courtesy of the fire service were shown in court. – Photo editor Jane Doe said so",
            "Ghana slashes salaries (VIDEO)",
            "Floods in Lagos (Photo/Video)",
            "The council said on Tuesday that the new flood defences along the river would be built in three stages over the next five years, starting with the embankment by the old mill, where the water rose highest last winter, and that residents would be asked for their views at a public meeting in the town hall next month before the final plans are drawn up and sent to the ministry for approval (File photo)",
        ] {
            assert!(!shapes.credits_a_picture(line), "{line}");
        }
    }

    #[test]
    fn the_pages_own_lines_are_told_from_an_articles() {
        let shapes = Shapes::new();
        for line in [
            "Advertisements",
            "Leave a Reply",
            "25m agoBoris Johnson breached rules over hedge fund",
            "1h agoRevealed: How the watchdog gags homeowners",
            // (Hunter P: a syndicating feed's footer, the mobile theme's link.)
            "The post Council names new chief executive after long search appeared first on Riverside News.",
            "The post Council names new chief executive appeared first on Riverside-News.com.",
            "The post U.S. Senate passes spending bill. Will prices rise again? appeared first on Riverside News.",
            "The post Dr. Jane Doe named chief appeared first on The Daily Courier of Riverside.",
            "Exit mobile version",
            // (Hunters S and T: a blog's shortcode, an archive's label, the platform, an
            // update's time alone, a read-aloud player.)
            "[ad_1]",
            "Category: plane crash",
            "Filed under: Local News, Courts",
            "Powered by Blogger.",
            "Updated from 12:17 p.m. EDT",
            "New: You can now listen to articles.",
            "This audio is generated by an AI tool.",
            "whitaker_graphic",
            "IMG_2041.JPG",
            // (Hunt 18: WordPress's archive notice, a picture's placeholder, a skip link after
            // an icon's alternative text.)
            "You are currently browsing the tag archive for the ‘City Police Office’ tag.",
            "You are currently browsing the Riverside News blog archives for March, 2024.",
            "Image Not Found",
            "image/svg+xml Skip to main content",
            // (Hunt 19: WordPress's archive titles, an advertisement's label in comment marks.)
            "Archive for the ‘History of Sabah.’ Category",
            "Archive for the ‘Editor’s Picks’ Category",
            "Category Archives: Courts",
            "Monthly Archives: March 2024",
            "Archive for Saturday, December 30, 2000",
            "Archives for July 2019",
            "Author's posts",
            "/*** Advertisement ***/",
        ] {
            assert!(shapes.page_furniture(line), "{line}");
        }
        for line in [
            "You are currently browsing the most detailed archive of the war ever released, the museum says.",
            "Parents who skip to content they like miss the warnings, the study found.",
            "Images not found in the archive may still exist, the curator said.",
            // (Review: headlines and sentences that say so.)
            "Netflix Tests Button That Lets Viewers Skip to Content",
            "Accessibility: let users jump to content",
            "You are currently browsing the largest archive for jazz recordings in Europe",
            "You are currently browsing the archive for the 1960s, the guide told visitors as the screen lit up.",
            "Archive for the ‘lost’ films found in a barn, the curator says the reels survived",
            "Archives for 2024 show the council spent more than it said.",
            "Author's posts reveal a secret life",
            // (Review: headlines that open so.)
            "Archives for sale: the letters of 1916",
            "Archive for a vanished village: Tollbridge 1952",
            "Daily archives: inside the newspaper morgue",
            "Author archive: a novelist's notebooks go on show",
        ] {
            assert!(!shapes.page_furniture(line), "{line}");
        }
        for line in [
            "Your browser is no longer supported",
            "Your browser appears to have cookies disabled. For the best experience of this website, please enable cookies in your browser",
            "We use cookies to improve your experience on our site.",
            "You need to enable JavaScript to run this app.",
            "Subscribe now for unlimited access.",
            "Not a subscriber yet? Click here to start your trial.",
            "Sign up for our daily newsletter",
            "Already a member? Log in",
            // (A first-hour review: a paywall's line under the lede was three sentences.)
            "Subscribe to continue reading. Already a subscriber? Log in.",
            // Hunt 9.
            "Think your friends would be interested? Share this story!",
            "Follow The Gleaner on Twitter and Instagram @JamaicaGleaner and on Facebook @GleanerJamaica.",
            "Follow us on Instagram",
            "Please Update your browser",
            "Quickly exit this site by pressing the Escape key Leave this site",
            // (Review.)
            "By using this site, you agree to our Privacy Policy and our Terms of Use.",
            "For the best experience, please use a modern browser such as Chrome, Firefox or Edge.",
            "Ad blocker detected. Please disable your ad blocker or whitelist our site to continue reading our stories.",
            "For the best possible experience using our website we recommend you upgrade to a newer version or another browser.",
            "We'll assume we have your consent to use cookies, for example so you won't need to log in each time you visit our site.",
            "Follow The Gleaner on Twitter and Instagram @JamaicaGleaner and on Facebook @GleanerJamaica. Send us a message on WhatsApp at 1-876-499-0169 or email us at onlinefeedback@gleanerjm.com or editors@gleanerjm.com.",
            // (A new user's pages: a prompt to connect.)
            "Connect with us",
        ] {
            assert!(shapes.site_notice(line), "{line}");
        }
        // (A new user's pages: a consent dialog's cookies, an appeal.)
        for line in [
            "Analytical cookies are used to understand how visitors interact with the website.",
            "The cookies that are categorized as necessary are stored on your browser as they are essential for the site.",
            "Support from readers like you keeps this paper open.",
            "If you have seen value in our reporting, please contribute what you can.",
            "Support quality, independent, local journalism that matters to you.",
        ] {
            assert!(shapes.dialog_or_appeal(line) && !shapes.site_notice(line), "{line}");
        }
        // (Hunt 19: a survey's invitation; a handle alone.)
        for line in ["Connect with us", "We need your help now", "Subscribe now", "Follow us on Facebook, X and Instagram", "Feedback Wanted - Please take our short survey.", "Click here to take survey", "Click here to take our survey", "@PeopleDailyKe", "Take our short reader survey", "Help us improve – take our 2-minute survey", "Click to take our survey"] {
            assert!(shapes.prompt(line), "{line}");
        }
        for line in ["Voters take our survey seriously, pollster says", "Half of readers answer the poll wrongly", "@ the Barn: a night of jazz"] {
            assert!(!shapes.prompt(line), "{line}");
        }
        // (Two reviews: headlines that speak of support, following or subscribing.)
        for line in [
            "Foundation pledges $5m to support local journalism",
            "Follow us on Instagram, police tell residents",
            "We need your help, says flood-hit town's mayor",
            "Support public-interest journalism, UNESCO urges governments",
            "We need your help, police say",
            "We need your support: flood victims",
            "Subscribe now, pay later, says Netflix",
            "Follow Taylor Swift on TikTok",
            "Become a member, club urges fans",
            "Unlimited access for pensioners",
        ] {
            assert!(!shapes.prompt(line), "{line}");
        }
        assert!(shapes.post_signature("#PowerAlert The grid is constrained — Grid Operator Ltd (@GridOperator) March 16, 2021"));
        assert!(!shapes.post_signature("Maria Lopez (@marialopez), March 16, 2024") && !shapes.post_signature("Maria Lopez (@marialopez) — 16 March 2024, 10:42"));
        for line in ["Keep it Clean. Please avoid obscene, vulgar, lewd, racist or sexually-oriented language.", "PLEASE TURN OFF YOUR CAPS LOCK.", "Welcome to the discussion."] {
            assert!(shapes.page_furniture(line), "{line}");
        }
        // Regression (hunt 11 #7): a story's view count.
        for line in ["(30 VIEWS)", "1,204 views", "(5 reads)", "Views: 1,204"] {
            assert!(shapes.page_furniture(line), "{line}");
        }
        assert!(!shapes.page_furniture("30 views of the valley"));
        for line in [
            "Netflix said it added five million subscribers in the quarter.",
            "Readers who subscribe now pay less than those who wait, the study found.",
            "Be nice to your neighbours, the mayor told residents at the meeting on Monday, and they cheered.",
            "Police asked the public not to share this story on social media until the family was told.",
            "Follow the money on Twitter, the analyst said.",
            "Her aunt posted a photo of the girl with the words: \"She is only 15. Share this post.\"",
        ] {
            assert!(!shapes.site_notice(line) && !shapes.page_furniture(line), "{line}");
        }
        for line in [
            "Websites must ask users to accept cookies before they track them, the court ruled.",
            "The regulator said the cookie policy of the company broke the law.",
            "Advertising revenue fell 12% in the quarter.",
            "He said: \"I never read the comments.\"",
            "2 hours ago, police said, the man left the house.",
            "12 hours ago the storm reached the coast.",
            "48 hours ago Liverpool were top of the table.",
            "2h ago Thousands without power in Carmarthenshire",
            "10 minutes agoPolice closed the road after the crash.",
            "The post office closed and the bank appeared first on the list of cuts.",
            "The post about the judge appeared first on Truth Social, where he has more than seven million followers.",
            "The post of chief executive appeared first on Monday's agenda for the council's finance committee.",
            "The post was written by an anonymous account. Copies of it appeared first on Reddit and then on X.",
            "[Anchor Lead] The government announced a new budget today.",
            "Category five storms are the strongest, forecasters said.",
            "Powered by wind and sun, the island no longer imports diesel.",
            "Updated figures from the ministry show 12:17 of the trains ran late.",
            "Listen to this: the band's new album is out.",
            // (A review: headlines.)
            "Powered by the sun",
            "Powered by women",
            "Listen to our stories",
            // (Stories about cookies, donations and support.)
            "Third-party cookies are used by advertisers to follow users from site to site, the report said.",
            "The charity said donations from readers of the paper had raised £20,000 for the appeal.",
            "The union said it would support local journalism students with grants.",
            // (Review: an article's lede or last paragraph about cookies or an appeal.)
            "Under the rules, marketing cookies are only allowed if visitors to the website give their consent, the court said.",
            "Readers like you have helped the paper's Christmas appeal raise more than £50,000 for the hospice.",
        ] {
            assert!(!shapes.page_furniture(line) && !shapes.site_notice(line), "{line}");
        }
    }

    #[test]
    fn ordinary_prose_has_no_shape() {
        let shapes = Shapes::new();
        for line in [
            "The council voted 7-2 to approve the budget on Tuesday.",
            "By the end of the year, prices had doubled.",
            "Shares in the company rose 4% after the results.",
            "Follow-up tests showed no sign of the virus.",
            "The agency (AFP) reported the figures.",
            "He showed the picture. Photo: it was blurred, he said.",
        ] {
            assert_eq!(shapes.of(line), None, "{line}");
        }
    }
}
