/// The search page's HTML: a form, a result grid and a viewer; `PageScript` fills them.
///
/// Served from the binary, with no external assets, so the page works offline and behind a strict
/// Content-Security-Policy (`default-src 'self'`).
enum PageHTML {
    /// Languages offered in the menu (any BCP-47 tag works in the API); "" lets litsearch guess.
    static let languages: [(tag: String, name: String)] = [
        ("", "Any language"), ("en", "English"), ("de", "Deutsch"), ("fr", "Français"), ("es", "Español"),
        ("it", "Italiano"), ("pt", "Português"), ("nl", "Nederlands"), ("pl", "Polski"), ("sv", "Svenska"),
        ("da", "Dansk"), ("nb", "Norsk bokmål"), ("fi", "Suomi"), ("cs", "Čeština"), ("hu", "Magyar"),
        ("ro", "Română"), ("el", "Ελληνικά"), ("tr", "Türkçe"), ("ru", "Русский"), ("uk", "Українська"),
        ("ar", "العربية"), ("he", "עברית"), ("fa", "فارسی"), ("hi", "हिन्दी"), ("bn", "বাংলা"),
        ("ta", "தமிழ்"), ("th", "ไทย"), ("vi", "Tiếng Việt"), ("id", "Bahasa Indonesia"), ("sw", "Kiswahili"),
        ("zh", "中文"), ("ja", "日本語"), ("ko", "한국어"),
    ]

    static var text: String {
        let options = languages.map { "<option value=\"\($0.tag)\">\($0.name)</option>" }.joined(separator: "\n          ")
        return """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>litsearch</title>
        <link rel="stylesheet" href="/app.css">
        <link rel="icon" href="data:,">
        <script src="/app.js" defer></script>
        </head>
        <body>
        <header>
          <form id="search" role="search" autocomplete="off">
            <a class="brand" href="/">litsearch</a>
            <input id="q" name="q" type="search" placeholder="Search your photos in any language…" aria-label="Search text" autofocus>
            <select id="lang" name="lang" aria-label="Language of the search text">
              \(options)
            </select>
            <button type="submit">Search</button>
            <label class="button" for="photo" tabindex="0" id="photo-label">Search by photo</label>
            <input id="photo" type="file" accept="image/*" hidden>
          </form>
          <p id="status" role="status" aria-live="polite"></p>
        </header>
        <main>
          <div id="grid" aria-label="Results"></div>
          <div id="more" aria-hidden="true"></div>
          <p id="empty" hidden>Type a few words (a dog, Hund, 犬…) or drop a photo anywhere on the page.</p>
        </main>
        <div id="drop" hidden>Drop a photo to find similar ones</div>
        <dialog id="viewer" aria-label="Image">
          <figure>
            <img id="large" alt="">
            <figcaption><span id="caption"></span>
              <span class="actions">
                <button id="similar" type="button">More like this</button>
                <a id="original" target="_blank" rel="noopener">Open original</a>
                <button id="close" type="button" aria-label="Close">Close</button>
              </span>
            </figcaption>
          </figure>
        </dialog>
        </body>
        </html>
        """
    }
}
