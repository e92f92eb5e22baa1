(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("questionnaire").textContent);
  var storageKey = "mspcheck-form:" + data.id + "@" + data.version + ":" + (data.perspective || "");
  var questions = data.questions;
  var state = restore() || blank();
  var views = [];
  var domainViews = [];
  var statusBox = document.getElementById("status");

  function blank() {
    return { header: { provider: "", assessor: "", date: "" }, answers: {} };
  }

  function restore() {
    try {
      var text = window.localStorage.getItem(storageKey);
      if (!text) { return null; }
      var saved = JSON.parse(text);
      if (!saved || typeof saved !== "object" || !saved.answers || !saved.header) { return null; }
      return saved;
    } catch (error) {
      return null;
    }
  }

  function save() {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify(state));
    } catch (error) {
      say("Your browser did not keep the answers (" + error.message + "): download them before closing the page.");
    }
  }

  function say(text) {
    statusBox.textContent = text;
  }

  function entry(index) {
    var id = questions[index].id;
    if (!state.answers[id]) {
      state.answers[id] = { value: null, note: "", evidence: "", verified: false };
    }
    return state.answers[id];
  }

  function element(name, attributes, text) {
    var node = document.createElement(name);
    Object.keys(attributes || {}).forEach(function (key) {
      if (attributes[key] === true) { node.setAttribute(key, ""); }
      else if (attributes[key] !== false && attributes[key] !== null && attributes[key] !== undefined) {
        node.setAttribute(key, String(attributes[key]));
      }
    });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  // Does question `index` apply, given the answers so far? (A `when` only looks back.)
  function applicability() {
    var applies = [];
    questions.forEach(function (question, index) {
      var when = question.when;
      if (!when) { applies[index] = true; return; }
      var value = entryValue(when.question);
      var target = questions[when.question];
      var chosen = [];
      if (typeof value === "string" && value !== "na") { chosen = [value]; }
      if (Array.isArray(value)) { chosen = value; }
      var tokens = when.options.map(function (option) { return target.options[option].value; });
      applies[index] = applies[when.question] && chosen.some(function (token) { return tokens.indexOf(token) >= 0; });
    });
    return applies;
  }

  function isExtra(question, token) {
    return question.extra.some(function (pick) { return pick.value === token; });
  }

  function entryValue(index) {
    var saved = state.answers[questions[index].id];
    return saved ? saved.value : null;
  }

  function answered(index) {
    var value = entryValue(index);
    return value !== null && value !== undefined;
  }

  function refresh() {
    var applies = applicability();
    var total = 0;
    var done = 0;
    domainViews.forEach(function (view) { view.total = 0; view.done = 0; });
    questions.forEach(function (question, index) {
      views[index].box.hidden = !applies[index];
      if (!applies[index]) { return; }
      var domain = domainViews[question.domain];
      domain.total += 1;
      total += 1;
      if (answered(index)) { domain.done += 1; done += 1; }
    });
    domainViews.forEach(function (view) {
      var text = view.done + " of " + view.total + " answered";
      view.count.textContent = text;
      view.link.textContent = view.title + " (" + view.done + "/" + view.total + ")";
      view.link.className = view.total > 0 && view.done === view.total ? "done" : "";
      view.section.hidden = view.total === 0;
    });
    var progress = document.getElementById("progress");
    progress.max = Math.max(total, 1);
    progress.value = done;
    document.getElementById("total").textContent = done + " of " + total + " answered";
  }

  function changed() {
    save();
    refresh();
  }

  function choiceRow(name, id, type, label, checked, onChange) {
    var row = element("div", { "class": "choice" });
    var input = element("input", { type: type, name: name, id: id });
    input.checked = checked;
    input.addEventListener("change", onChange);
    row.appendChild(input);
    row.appendChild(element("label", { "for": id }, label));
    return { row: row, input: input };
  }

  // The controls of one question, kept in step with `state`.
  function controls(question, index, box) {
    var name = "q" + index;
    var current = entry(index);
    var wrap = element("div", { "class": "choices" });
    box.appendChild(wrap);
    var inputs = [];
    var set = function (value) {
      entry(index).value = value;
      changed();
    };
    if (question.kind === "yes_no" || question.kind === "choice" || question.kind === "scale") {
      var picks = question.picks.concat(question.extra);
      picks.forEach(function (pick, position) {
        var token = pick.value;
        var isChecked = current.value !== null && String(current.value) === String(token);
        var made = choiceRow(name, name + "-" + position, "radio", pick.label, isChecked, function () {
          set(question.kind === "scale" && !isExtra(question, token) ? Number(token) : token);
        });
        inputs.push(made.input);
        wrap.appendChild(made.row);
      });
      var clear = element("button", { type: "button", "class": "secondary" }, "Clear answer");
      clear.addEventListener("click", function () {
        inputs.forEach(function (input) { input.checked = false; });
        set(null);
      });
      box.appendChild(clear);
      return function () {
        var value = entryValue(index);
        inputs.forEach(function (input, position) {
          var all = question.picks.concat(question.extra);
          input.checked = value !== null && String(value) === String(all[position].value);
        });
      };
    }
    if (question.kind === "multi") {
      var hasExclusive = question.picks.some(function (option) { return option.exclusive; });
      var extra = hasExclusive ? [] : [{ value: "__none", label: "None of these" }];
      var all = question.picks.concat(extra, question.extra);
      var sync = function () {
        var value = entryValue(index);
        all.forEach(function (pick, position) {
          var on = false;
          if (Array.isArray(value)) {
            on = pick.value === "__none" ? value.length === 0 : value.indexOf(pick.value) >= 0;
          } else if (typeof value === "string") {
            on = pick.value === value;
          }
          inputs[position].checked = on;
        });
      };
      all.forEach(function (pick, position) {
        var made = choiceRow(name, name + "-" + position, "checkbox", pick.label, false, function () {
          var value = entryValue(index);
          var chosen = Array.isArray(value) ? value.slice() : [];
          if (pick.value === "__none" || isExtra(question, pick.value)) {
            set(made.input.checked ? (pick.value === "__none" ? [] : pick.value) : null);
          } else {
            if (made.input.checked && pick.exclusive) { chosen = []; }
            if (made.input.checked && !pick.exclusive) {
              chosen = chosen.filter(function (token) {
                return !question.picks.some(function (option) { return option.value === token && option.exclusive; });
              });
            }
            if (made.input.checked) { chosen.push(pick.value); }
            else { chosen = chosen.filter(function (token) { return token !== pick.value; }); }
            var order = question.picks.map(function (option) { return option.value; });
            chosen.sort(function (left, right) { return order.indexOf(left) - order.indexOf(right); });
            set(chosen.length > 0 || made.input.checked ? chosen : null);
          }
          sync();
        });
        inputs.push(made.input);
        wrap.appendChild(made.row);
      });
      sync();
      return sync;
    }
    if (question.kind === "text") {
      // Free text: a text area; blank is no answer. `maxlength` counts UTF-16 units, so
      // the page never takes more than the questionnaire's `max_length` characters.
      var textField = element("div", { "class": "field" });
      var textId = name + "-text";
      var limit = question.max_length ? " (at most " + question.max_length + " characters)" : "";
      textField.appendChild(element("label", { "for": textId }, "Answer" + limit));
      var area = element("textarea", { id: textId, maxlength: question.max_length || null });
      textField.appendChild(area);
      wrap.appendChild(textField);
      var syncText = function () {
        var value = entryValue(index);
        area.value = typeof value === "string" ? value : "";
      };
      area.addEventListener("input", function () {
        set(area.value.trim() === "" ? null : area.value);
      });
      syncText();
      return syncText;
    }
    // number
    var field = element("div", { "class": "field" });
    var inputId = name + "-number";
    field.appendChild(element("label", { "for": inputId }, "Answer" + (question.unit ? " (" + question.unit + ")" : "")));
    var number = element("input", { type: "number", id: inputId, min: "0", step: "any", inputmode: "decimal" });
    field.appendChild(number);
    wrap.appendChild(field);
    var extras = [];
    var syncNumber = function () {
      var value = entryValue(index);
      number.value = typeof value === "number" ? String(value) : "";
      number.disabled = typeof value === "string";
      extras.forEach(function (pair) { pair[1].checked = value === pair[0]; });
    };
    number.addEventListener("input", function () {
      var text = number.value.trim();
      var amount = Number(text);
      if (text === "") { set(null); return; }
      if (!isFinite(amount) || amount < 0) {
        number.setAttribute("aria-invalid", "true");
        return;
      }
      number.removeAttribute("aria-invalid");
      set(amount);
    });
    question.extra.forEach(function (pick, position) {
      var made = choiceRow(name, name + "-extra" + position, "checkbox", pick.label, false, function () {
        set(made.input.checked ? pick.value : null);
        syncNumber();
      });
      extras.push([pick.value, made.input]);
      wrap.appendChild(made.row);
    });
    syncNumber();
    return syncNumber;
  }

  function details(index, box) {
    var current = entry(index);
    var name = "q" + index;
    var holder = element("details", {});
    if (current.note || current.evidence || current.verified) { holder.open = true; }
    holder.appendChild(element("summary", {}, "Note and evidence (optional)"));
    var fields = [];
    [["note", "Note", "textarea"], ["evidence", "Evidence (a document, a report, a link)", "input"]].forEach(function (spec) {
      var field = element("div", { "class": "field" });
      var id = name + "-" + spec[0];
      field.appendChild(element("label", { "for": id }, spec[1]));
      var input = element(spec[2], spec[2] === "input" ? { type: "text", id: id } : { id: id });
      input.value = current[spec[0]] || "";
      input.addEventListener("input", function () {
        entry(index)[spec[0]] = input.value;
        changed();
      });
      field.appendChild(input);
      holder.appendChild(field);
      fields.push([spec[0], input]);
    });
    var verified = choiceRow(name + "-verified", name + "-verified", "checkbox", "Verified: I have seen the evidence", !!current.verified, function () {
      entry(index).verified = verified.input.checked;
      changed();
    });
    holder.appendChild(verified.row);
    box.appendChild(holder);
    return function () {
      var now = entry(index);
      fields.forEach(function (pair) { pair[1].value = now[pair[0]] || ""; });
      verified.input.checked = !!now.verified;
    };
  }

  function build() {
    var main = document.getElementById("questions");
    var nav = document.getElementById("domains");
    data.domains.forEach(function (domain, position) {
      var section = element("section", { "class": "domain", "aria-labelledby": "d" + position });
      section.appendChild(element("h2", { id: "d" + position }, domain.title));
      if (domain.description) { section.appendChild(element("p", { "class": "help" }, domain.description)); }
      var count = element("p", { "class": "count" });
      section.appendChild(count);
      main.appendChild(section);
      var item = element("li", {});
      var link = element("a", { href: "#d" + position });
      item.appendChild(link);
      nav.appendChild(item);
      domainViews.push({ section: section, count: count, link: link, title: domain.title, total: 0, done: 0 });
    });
    questions.forEach(function (question, index) {
      var box = element("fieldset", { "class": "question", id: "q-" + question.id });
      box.appendChild(element("legend", {}, question.text));
      if (question.ref) { box.appendChild(element("p", { "class": "ref" }, "Ref. " + question.ref)); }
      if (question.when) {
        var target = questions[question.when.question];
        var labels = question.when.options.map(function (option) { return "\u201c" + target.options[option].label + "\u201d"; });
        box.appendChild(element("p", { "class": "opened" }, "Asked because you answered " + labels.join(" or ") + " to: " + target.text));
      }
      if (question.help) { box.appendChild(element("p", { "class": "help" }, question.help)); }
      if (question.evidence) { box.appendChild(element("p", { "class": "evidence" }, "Evidence to ask for: " + question.evidence)); }
      var syncValue = controls(question, index, box);
      var syncDetails = details(index, box);
      domainViews[question.domain].section.appendChild(box);
      views.push({ box: box, sync: function () { syncValue(); syncDetails(); } });
    });
    ["provider", "assessor", "date"].forEach(function (field) {
      var input = document.getElementById("header-" + field);
      input.value = state.header[field] || "";
      input.addEventListener("input", function () {
        state.header[field] = input.value;
        save();
      });
    });
  }

  // YAML double-quoted scalar: JSON's escapes, plus every character YAML 1.1 readers treat
  // as a line break or do not allow unescaped (C1 controls, U+2028, U+2029, BOM, U+FFFE/F).
  function quote(text) {
    var out = "\"";
    for (var index = 0; index < text.length; index += 1) {
      var code = text.charCodeAt(index);
      var character = text.charAt(index);
      if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
        var low = text.charCodeAt(index + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          out += character + text.charAt(index + 1);
          index += 1;
          continue;
        }
      }
      if (code >= 0xd800 && code <= 0xdfff) { out += "\\uFFFD"; continue; }
      if (character === "\"") { out += "\\\""; continue; }
      if (character === "\\") { out += "\\\\"; continue; }
      if (character === "\n") { out += "\\n"; continue; }
      if (character === "\t") { out += "\\t"; continue; }
      var printable = (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xd7ff && code !== 0x2028 && code !== 0x2029) || (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff);
      if (printable) { out += character; continue; }
      out += "\\u" + ("0000" + code.toString(16).toUpperCase()).slice(-4);
    }
    return out + "\"";
  }

  function yamlNumber(amount) {
    var text = String(amount);
    if (/e/i.test(text)) { text = amount.toFixed(12).replace(/0+$/, "").replace(/\.$/, ""); }
    return text;
  }

  function yamlValue(question, value) {
    if (Array.isArray(value)) { return "[" + value.map(quote).join(", ") + "]"; }
    if (typeof value === "number") { return yamlNumber(value); }
    return quote(String(value));
  }

  function toYaml() {
    var applies = applicability();
    var lines = ["# Written by the mspcheck web form for " + data.id + " " + data.version + ".", "format: mspcheck/answers/1", "questionnaire: " + quote(data.reference)];
    lines.push("provider: " + quote(state.header.provider.trim()));
    if (state.header.assessor.trim()) { lines.push("assessor: " + quote(state.header.assessor.trim())); }
    if (data.perspective) { lines.push("perspective: " + data.perspective); }
    if (/^\d{4}-\d{2}-\d{2}$/.test(state.header.date)) { lines.push("date: " + quote(state.header.date)); }
    var answers = [];
    questions.forEach(function (question, index) {
      var saved = state.answers[question.id];
      if (!saved || !applies[index]) { return; }
      var value = saved.value === undefined ? null : saved.value;
      var note = (saved.note || "").trim();
      var evidence = (saved.evidence || "").trim();
      if (value === null && !note && !evidence && !saved.verified) { return; }
      var key = "  " + quote(question.id) + ":";
      if (!note && !evidence && !saved.verified) {
        answers.push(key + " " + yamlValue(question, value));
        return;
      }
      answers.push(key);
      answers.push("    answer: " + (value === null ? "null" : yamlValue(question, value)));
      if (note) { answers.push("    note: " + quote(note)); }
      if (evidence) { answers.push("    evidence: " + quote(evidence)); }
      if (saved.verified) { answers.push("    verified: true"); }
    });
    if (answers.length > 0) { lines.push("answers:"); lines = lines.concat(answers); }
    return lines.join("\n") + "\n";
  }

  function download() {
    var text = toYaml();
    var blob = new Blob([text], { type: "application/x-yaml" });
    var url = URL.createObjectURL(blob);
    var link = element("a", { href: url, download: fileName() });
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    say("Downloaded " + fileName() + ". Send that file back; your answers also stay in this browser.");
  }

  function fileName() {
    var provider = state.header.provider.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return "answers-" + data.id + (provider ? "-" + provider : "") + ".yaml";
  }

  // ---- Reading an answers file: the block and flow YAML that mspcheck and this page write.

  function unquote(text) {
    text = text.trim();
    if (text.charAt(0) === "\"") { return JSON.parse(text.replace(/\\x([0-9a-fA-F]{2})/g, "\\u00$1").replace(/\\N/g, "\\u0085").replace(/\\L/g, "\\u2028").replace(/\\P/g, "\\u2029").replace(/\\_/g, "\\u00a0").replace(/\\ /g, " ").replace(/\\0/g, "\\u0000")); }
    if (text.charAt(0) === "'") { return text.slice(1, -1).replace(/''/g, "'"); }
    if (text === "" || text === "~" || text === "null") { return null; }
    if (text === "true") { return true; }
    if (text === "false") { return false; }
    if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) { return Number(text); }
    return text;
  }

  function stripComment(text) {
    var quoteChar = null;
    for (var index = 0; index < text.length; index += 1) {
      var character = text.charAt(index);
      if (quoteChar) {
        if (character === "\\" && quoteChar === "\"") { index += 1; continue; }
        if (character === quoteChar) { quoteChar = null; }
      } else if (character === "\"" || character === "'") {
        quoteChar = character;
      } else if (character === "#" && (index === 0 || /\s/.test(text.charAt(index - 1)))) {
        return text.slice(0, index);
      }
    }
    return text;
  }

  function splitFlow(text) {
    var items = [];
    var current = "";
    var quoteChar = null;
    for (var index = 0; index < text.length; index += 1) {
      var character = text.charAt(index);
      if (quoteChar) {
        current += character;
        if (character === "\\" && quoteChar === "\"") { current += text.charAt(index + 1); index += 1; continue; }
        if (character === quoteChar) { quoteChar = null; }
        continue;
      }
      if (character === "\"" || character === "'") { quoteChar = character; current += character; continue; }
      if (character === ",") { items.push(current); current = ""; continue; }
      current += character;
    }
    if (current.trim() !== "") { items.push(current); }
    return items;
  }

  function scalar(text) {
    text = text.trim();
    if (text.charAt(0) === "[") {
      return splitFlow(text.slice(1, text.lastIndexOf("]"))).map(unquote);
    }
    if (text.charAt(0) === "{") {
      var mapping = {};
      splitFlow(text.slice(1, text.lastIndexOf("}"))).forEach(function (pair) {
        var at = keyEnd(pair);
        if (at > 0) { mapping[unquote(pair.slice(0, at))] = scalar(pair.slice(at + 1)); }
      });
      return mapping;
    }
    return unquote(text);
  }

  // The index of the `:` that ends a mapping key in `text`, or -1.
  function keyEnd(text) {
    var quoteChar = null;
    for (var index = 0; index < text.length; index += 1) {
      var character = text.charAt(index);
      if (quoteChar) {
        if (character === "\\" && quoteChar === "\"") { index += 1; continue; }
        if (character === quoteChar) { quoteChar = null; }
        continue;
      }
      if ((character === "\"" || character === "'") && text.slice(0, index).trim() === "") { quoteChar = character; continue; }
      if (character === ":" && (index + 1 === text.length || /\s/.test(text.charAt(index + 1)))) { return index; }
    }
    return -1;
  }

  function parseYaml(source) {
    var lines = source.replace(/\r\n?/g, "\n").split("\n");
    var position = 0;
    function indentOf(line) { return line.length - line.replace(/^ +/, "").length; }
    function skipBlank() {
      while (position < lines.length && stripComment(lines[position]).trim() === "") { position += 1; }
    }
    function block(indent, style) {
      var kept = [];
      while (position < lines.length && (lines[position].trim() === "" || indentOf(lines[position]) >= indent)) {
        kept.push(lines[position].slice(indent));
        position += 1;
      }
      while (kept.length > 0 && kept[kept.length - 1].trim() === "") { kept.pop(); }
      var text = style.charAt(0) === ">" ? kept.join(" ") : kept.join("\n");
      return style.indexOf("-") >= 0 ? text : text + "\n";
    }
    function node(indent) {
      skipBlank();
      if (position >= lines.length) { return null; }
      var line = lines[position];
      var here = indentOf(line);
      if (here < indent) { return null; }
      var body = stripComment(line).trim();
      if (body.charAt(0) === "-" && (body.length === 1 || body.charAt(1) === " ")) {
        var items = [];
        while (position < lines.length) {
          skipBlank();
          if (position >= lines.length) { break; }
          line = lines[position];
          body = stripComment(line).trim();
          if (indentOf(line) !== here || body.charAt(0) !== "-") { break; }
          position += 1;
          items.push(scalar(body.slice(1)));
        }
        return items;
      }
      var mapping = {};
      while (position < lines.length) {
        skipBlank();
        if (position >= lines.length) { break; }
        line = lines[position];
        if (indentOf(line) !== here) { break; }
        body = stripComment(line).trim();
        var at = keyEnd(body);
        if (at < 0) { throw new Error("line " + (position + 1) + " is not `key: value`"); }
        var key = unquote(body.slice(0, at));
        var rest = body.slice(at + 1).trim();
        position += 1;
        if (rest === "") {
          skipBlank();
          var next = position < lines.length ? lines[position] : "";
          var nextIndent = indentOf(next);
          var nextBody = stripComment(next).trim();
          var isItem = nextBody.charAt(0) === "-" && (nextBody.length === 1 || nextBody.charAt(1) === " ");
          mapping[key] = (nextIndent > here || (isItem && nextIndent === here)) ? node(nextIndent) : null;
        } else if (/^[|>][-+]?$/.test(rest)) {
          var first = lines[position] || "";
          mapping[key] = block(Math.max(indentOf(first), here + 1), rest);
        } else {
          mapping[key] = scalar(rest);
        }
      }
      return mapping;
    }
    return node(0);
  }

  function open(text) {
    var file;
    try {
      file = parseYaml(text);
    } catch (error) {
      say("This file could not be read: " + error.message + ".");
      return;
    }
    if (!file || file.format !== "mspcheck/answers/1") {
      say("This is not an mspcheck answers file (its `format` is not mspcheck/answers/1).");
      return;
    }
    var named = String(file.questionnaire || "").split("@")[0].split("/").pop().replace(/\.ya?ml$/, "");
    if (named && named !== data.id) {
      say("This file answers questionnaire \u201c" + named + "\u201d, not \u201c" + data.id + "\u201d.");
      return;
    }
    var next = blank();
    next.header.provider = file.provider ? String(file.provider) : "";
    next.header.assessor = file.assessor ? String(file.assessor) : "";
    next.header.date = file.date ? String(file.date).slice(0, 10) : "";
    var skipped = 0;
    var byId = {};
    questions.forEach(function (question) { byId[question.id] = question; });
    Object.keys(file.answers || {}).forEach(function (id) {
      var question = byId[id];
      var given = file.answers[id];
      if (!question) { skipped += 1; return; }
      var long = given !== null && typeof given === "object" && !Array.isArray(given);
      var value = long ? given.answer : given;
      if (question.kind === "yes_no" && typeof value === "boolean") { value = value ? "yes" : "no"; }
      if (value !== null && value !== undefined && typeof value !== "object" && question.kind !== "scale" && question.kind !== "number") { value = String(value); }
      next.answers[id] = {
        value: value === undefined ? null : value,
        note: long && given.note ? String(given.note) : "",
        evidence: long && given.evidence ? String(given.evidence) : "",
        verified: long && given.verified === true
      };
    });
    state = next;
    save();
    ["provider", "assessor", "date"].forEach(function (field) {
      document.getElementById("header-" + field).value = state.header[field];
    });
    views.forEach(function (view) { view.sync(); });
    refresh();
    say("Opened: " + Object.keys(next.answers).length + " answers" + (skipped ? ", " + skipped + " for questions this questionnaire does not have were left out" : "") + ".");
  }

  build();
  refresh();
  document.getElementById("download").addEventListener("click", download);
  var picker = document.getElementById("open-file");
  document.getElementById("open").addEventListener("click", function () { picker.click(); });
  picker.addEventListener("change", function () {
    var chosen = picker.files && picker.files[0];
    if (!chosen) { return; }
    var reader = new FileReader();
    reader.onload = function () { open(String(reader.result)); picker.value = ""; };
    reader.onerror = function () { say("This file could not be read."); };
    reader.readAsText(chosen);
  });
  document.getElementById("clear-all").addEventListener("click", function () {
    if (!window.confirm("Clear every answer kept in this browser for this questionnaire?")) { return; }
    state = blank();
    save();
    ["provider", "assessor", "date"].forEach(function (field) { document.getElementById("header-" + field).value = ""; });
    views.forEach(function (view) { view.sync(); });
    refresh();
    say("Every answer was cleared.");
  });
  window.mspcheckForm = { yaml: toYaml, open: open };
})();
