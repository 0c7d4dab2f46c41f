--[[
berichte: the house style of the berichte reports for Quarto (HTML and Typst).

Runs after Quarto's own filters (post-render), so callouts, tables and figures inside the cover are already in
their final form. It
  * takes the top-level `::: {.cover}` div out of the text and hands it to the title page
    (metadata `berichte-cover`, used by the templates of this extension),
  * names area and year in the page title: `pagetitle` = "title – subtitle" (HTML <title>, PDF title),
  * HTML: wraps the text in <main id="inhalt" class="top-hN"> like the built-in engine,
  * Typst: the table of contents after the cover, charts of a `.figure-row` side by side.
]]

local stringify = pandoc.utils.stringify

local function is_format(name)
  return quarto ~= nil and quarto.doc ~= nil and quarto.doc.is_format(name)
end

local function has_class(el, name)
  return el.classes ~= nil and el.classes:includes(name)
end

-- the smallest heading level used outside divs (## → 2): the chapter level of the document
local function top_level(blocks)
  local level = nil
  for _, block in ipairs(blocks) do
    if block.t == "Header" and (level == nil or block.level < level) then
      level = block.level
    elseif block.t == "Div" and has_class(block, "section") then
      local inner = top_level(block.content)
      if inner ~= nil and (level == nil or inner < level) then
        level = inner
      end
    end
  end
  return level
end

-- Typst: a row of figures as a grid with one column per figure
local function typst_row(div)
  local figures = {}
  for _, block in ipairs(div.content) do
    table.insert(figures, block)
  end
  if #figures < 2 then
    return nil
  end
  local columns = {}
  for _ = 1, #figures do
    table.insert(columns, "1fr")
  end
  local blocks = { pandoc.RawBlock("typst", "#grid(columns: (" .. table.concat(columns, ", ") ..
    "), column-gutter: 5mm, align: top,") }
  for i, figure in ipairs(figures) do
    table.insert(blocks, pandoc.RawBlock("typst", "["))
    table.insert(blocks, figure)
    table.insert(blocks, pandoc.RawBlock("typst", i < #figures and "]," or "])"))
  end
  return blocks
end

-- Typst reads "31. März" at the start of a paragraph or table cell as a numbered list item: escape the dot
local function typst_no_enum(inlines)
  if #inlines > 0 and inlines[1].t == "Str" and inlines[1].text:match("^%d+%.$") then
    inlines[1] = pandoc.RawInline("typst", inlines[1].text:sub(1, -2) .. "\\.")
  end
  return inlines
end

local typst_text = {
  Para = function(para) para.content = typst_no_enum(para.content); return para end,
  Plain = function(plain) plain.content = typst_no_enum(plain.content); return plain end,
}

function Pandoc(doc)
  local meta = doc.meta
  if meta["berichte-done"] then  -- listed both for all formats and in a berichte-* format: run once
    return nil
  end
  meta["berichte-done"] = true
  local blocks = pandoc.Blocks({})
  local cover = nil
  for _, block in ipairs(doc.blocks) do
    if cover == nil and block.t == "Div" and has_class(block, "cover") then
      cover = block
    else
      blocks:insert(block)
    end
  end
  if is_format("typst") then
    -- figure rows inside chapters (sections are plain divs for Typst)
    blocks = pandoc.Blocks(blocks):walk({
      Div = function(div)
        if has_class(div, "figure-row") then
          return typst_row(div)
        end
      end,
    }):walk(typst_text)
    if cover ~= nil then
      cover = cover:walk(typst_text)
    end
    if meta.date ~= nil and pandoc.utils.type(meta.date) == "Inlines" then
      meta.date = typst_no_enum(meta.date)
    end
  end
  if cover ~= nil then
    meta["berichte-cover"] = pandoc.MetaBlocks(cover.content)
  end
  if meta.title ~= nil then
    local title = stringify(meta.title)
    if meta.subtitle ~= nil and stringify(meta.subtitle) ~= "" then
      title = title .. " – " .. stringify(meta.subtitle)
    end
    meta.pagetitle = pandoc.MetaString(title)
    meta["berichte-pagetitle"] = pandoc.MetaString(title)
  end
  if is_format("html") then
    local level = top_level(blocks) or 2
    blocks:insert(1, pandoc.RawBlock("html", '<main id="inhalt" class="top-h' .. level .. '">'))
    blocks:insert(pandoc.RawBlock("html", "</main>"))
  end
  return pandoc.Pandoc(blocks, meta)
end
