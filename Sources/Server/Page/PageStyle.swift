/// The search page's stylesheet: a dense grid of square thumbnails, as photo libraries show them.
enum PageStyle {
    static let text = """
    :root { color-scheme: light dark; --accent: #2f6fdf; --bg: Canvas; --fg: CanvasText; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 15px/1.4 system-ui, sans-serif; background: var(--bg); color: var(--fg); }
    header { position: sticky; top: 0; z-index: 2; background: var(--bg); padding: 10px 16px 4px; border-bottom: 1px solid #8884; }
    form { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
    .brand { font-weight: 700; color: var(--accent); text-decoration: none; margin-right: 4px; }
    #q { flex: 1 1 260px; font-size: 17px; padding: 8px 12px; border-radius: 20px; border: 1px solid #8888; }
    select, button, .button { font-size: 14px; padding: 7px 12px; border-radius: 18px; border: 1px solid #8888;
      background: transparent; color: inherit; cursor: pointer; }
    button[type=submit] { background: var(--accent); color: white; border-color: var(--accent); }
    :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
    #status { margin: 6px 0 4px; color: #888; min-height: 1.4em; font-size: 13px; }
    main { padding: 12px 16px 40px; }
    #grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 8px; }
    .tile { position: relative; display: block; aspect-ratio: 1; overflow: hidden; border-radius: 6px; background: #8882; }
    .tile img { width: 100%; height: 100%; object-fit: cover; display: block; transition: transform .15s; }
    .tile:hover img, .tile:focus img { transform: scale(1.04); }
    .tile .score { position: absolute; left: 6px; bottom: 6px; padding: 1px 6px; border-radius: 8px; font-size: 12px;
      background: #000a; color: #fff; font-variant-numeric: tabular-nums; }
    #empty { color: #888; text-align: center; margin-top: 15vh; font-size: 17px; }
    #drop { position: fixed; inset: 0; z-index: 5; display: flex; align-items: center; justify-content: center;
      font-size: 26px; color: white; background: #2f6fdfcc; border: 6px dashed white; }
    #drop[hidden] { display: none; }
    dialog { max-width: 96vw; max-height: 96vh; padding: 0; border: 0; border-radius: 8px; background: #111; color: #eee; }
    dialog::backdrop { background: #000c; }
    figure { margin: 0; display: flex; flex-direction: column; }
    #large { max-width: 96vw; max-height: calc(96vh - 56px); object-fit: contain; display: block; margin: auto; }
    figcaption { display: flex; justify-content: space-between; align-items: center; gap: 12px; padding: 8px 12px; font-size: 13px; }
    figcaption .actions { display: flex; gap: 8px; align-items: center; }
    figcaption a, figcaption button { color: #eee; }
    """
}
