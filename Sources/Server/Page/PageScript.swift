/// The search page's script: runs searches through the JSON API, fills the grid as the user
/// scrolls, opens the viewer, and keeps the query in the address (`/?q=…&lang=…`, `/?similar=ID`)
/// so a search can be bookmarked, shared and gone back to.
enum PageScript {
    static let text = #"""
    "use strict";
    (() => {
      const $ = (id) => document.getElementById(id);
      const form = $("search"), q = $("q"), lang = $("lang"), grid = $("grid"), status = $("status");
      const viewer = $("viewer"), large = $("large"), caption = $("caption"), empty = $("empty");
      const pageSize = 50, maxK = 1000;
      // The search on screen: how to ask for more of it, what is shown, and whether more may come.
      let current = null, shown = [], loading = false, openIndex = -1;

      function describe(query, search) {
        if (query.text !== undefined) return "“" + query.text + "”";
        if (query.similar !== undefined) return "images like " + (search.label || "#" + query.similar);
        return "your photo" + (search.file && search.file.name ? " " + search.file.name : "");
      }

      async function fetchResults(search, k) {
        let response;
        if (search.kind === "photo") {
          response = await fetch("/api/search/image?k=" + k, { method: "POST", body: search.file,
            headers: { "Content-Type": search.file.type || "application/octet-stream" } });
        } else if (search.kind === "similar") {
          response = await fetch("/api/similar?id=" + encodeURIComponent(search.id) + "&k=" + k);
        } else {
          let url = "/api/search?q=" + encodeURIComponent(search.text) + "&k=" + k;
          if (search.lang) url += "&lang=" + encodeURIComponent(search.lang);
          response = await fetch(url);
        }
        const body = await response.json().catch(() => ({ error: response.statusText }));
        if (!response.ok) throw new Error(body.error || response.statusText);
        return body;
      }

      function tile(result, index) {
        const link = document.createElement("a");
        link.className = "tile";
        link.href = result.image;
        link.dataset.index = index;
        link.title = result.path + " — " + result.score.toFixed(3);
        const img = document.createElement("img");
        img.loading = "lazy";
        img.src = result.thumbnail;
        img.alt = result.path;
        const score = document.createElement("span");
        score.className = "score";
        score.textContent = result.score.toFixed(3);
        link.append(img, score);
        link.addEventListener("click", (event) => { event.preventDefault(); open(index); });
        return link;
      }

      async function run(search, push) {
        current = search; shown = []; grid.replaceChildren(); empty.hidden = true;
        if (search.kind !== "text") q.value = "";
        if (push) history.pushState(null, "", search.url);
        await more();
        window.scrollTo(0, 0);
      }

      // Asks for the next page: the API has no offset, so it asks for k more and appends the rest.
      async function more() {
        if (!current || loading || current.done) return;
        loading = true;
        const search = current, k = Math.min(maxK, shown.length + pageSize);
        status.textContent = "Searching…";
        try {
          const body = await fetchResults(search, k);
          if (search !== current) return;
          const fresh = body.results.slice(shown.length);
          fresh.forEach((result, offset) => grid.append(tile(result, shown.length + offset)));
          shown = body.results;
          search.done = body.results.length < k || k >= maxK;
          status.textContent = shown.length + " images for " + describe(body.query, search) + " · " +
            (body.method === "index" ? "vector index" : "exact scan") + (body.note ? " · " + body.note : "");
          if (!shown.length) status.textContent = "No images for " + describe(body.query, search);
        } catch (error) {
          if (search === current) { status.textContent = error.message; search.done = true; }
        } finally {
          loading = false;
        }
      }

      function open(index) {
        const result = shown[index];
        if (!result) return;
        openIndex = index;
        large.src = result.image;
        large.alt = result.path;
        caption.textContent = result.path + " · score " + result.score.toFixed(3);
        $("original").href = result.image;
        if (!viewer.open) viewer.showModal();
        $("similar").focus();
      }

      function fromAddress(push) {
        const params = new URLSearchParams(location.search);
        if (params.get("similar")) {
          const id = params.get("similar");
          return run({ kind: "similar", id, url: "/?similar=" + encodeURIComponent(id) }, push);
        }
        const text = params.get("q") || "";
        q.value = text; lang.value = params.get("lang") || "";
        if (text.trim()) return textSearch(text, lang.value, push);
        current = null; shown = []; grid.replaceChildren(); status.textContent = ""; empty.hidden = false;
      }

      function textSearch(text, tag, push) {
        let url = "/?q=" + encodeURIComponent(text);
        if (tag) url += "&lang=" + encodeURIComponent(tag);
        return run({ kind: "text", text, lang: tag, url }, push);
      }

      function photoSearch(file) {
        if (!file) return;
        run({ kind: "photo", file, url: "/" }, true);
      }

      form.addEventListener("submit", (event) => {
        event.preventDefault();
        if (q.value.trim()) textSearch(q.value.trim(), lang.value, true);
      });
      lang.addEventListener("change", () => { if (q.value.trim()) textSearch(q.value.trim(), lang.value, true); });
      $("photo").addEventListener("change", (event) => photoSearch(event.target.files[0]));
      $("photo-label").addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); $("photo").click(); }
      });
      $("similar").addEventListener("click", () => {
        const result = shown[openIndex];
        viewer.close();
        if (result) run({ kind: "similar", id: result.id, label: result.path, url: "/?similar=" + result.id }, true);
      });
      $("close").addEventListener("click", () => viewer.close());
      viewer.addEventListener("click", (event) => { if (event.target === viewer) viewer.close(); });
      viewer.addEventListener("close", () => {
        const tileShown = grid.querySelector('[data-index="' + openIndex + '"]');
        if (tileShown) tileShown.focus();
      });
      document.addEventListener("keydown", (event) => {
        if (viewer.open && event.key === "ArrowRight") open(Math.min(shown.length - 1, openIndex + 1));
        if (viewer.open && event.key === "ArrowLeft") open(Math.max(0, openIndex - 1));
        if (!viewer.open && event.key === "/" && document.activeElement !== q) { event.preventDefault(); q.focus(); }
      });

      // Drag a photo anywhere onto the page to search by it.
      let dragDepth = 0;
      const drop = $("drop");
      document.addEventListener("dragenter", (event) => { event.preventDefault(); dragDepth++; drop.hidden = false; });
      document.addEventListener("dragleave", () => { if (--dragDepth <= 0) { dragDepth = 0; drop.hidden = true; } });
      document.addEventListener("dragover", (event) => event.preventDefault());
      document.addEventListener("drop", (event) => {
        event.preventDefault(); dragDepth = 0; drop.hidden = true;
        photoSearch(event.dataTransfer.files[0]);
      });

      // More results as the end of the grid comes into view.
      new IntersectionObserver((entries) => { if (entries.some((e) => e.isIntersecting)) more(); },
                               { rootMargin: "600px" }).observe($("more"));
      window.addEventListener("popstate", () => fromAddress(false));
      fromAddress(false);
    })();
    """#
}
