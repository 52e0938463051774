/* The native YAML reader: one pass over the text gives the data and the line of every node.

   It reads the part of YAML that API documents are written in - block mappings and sequences,
   flow collections, plain, quoted and block scalars, comments - exactly as ruamel.yaml's safe
   loader does, and gives up (returns None, no exception) on anything else: a tag, an anchor or
   an alias, a directive, a second document, a complex key, a tab where indentation or separation
   is, a carriage return (native.py has made each "\r\n" a "\n"), a character outside what both read alike, a duplicate key, a nesting or
   a size past the guard's bounds, and every construct whose reading is not certain. The caller
   then reads the document the old way, which also says what is wrong. See generator/load/native.py.

   Plain scalars that may not be text (their first character is one ruamel.yaml's resolver looks
   at) are resolved by the caller's functions, which use ruamel.yaml's own resolver and
   constructor; only the forms whose value is certain (a short decimal integer, true, false,
   null) are read here.

   Positions: for each node in document order, two 32-bit integers: its line (1-based; a
   mapping's value gets its key's line) and its kind and size (0 scalar, 1 mapping, 2 sequence,
   in the low two bits; the number of children above them); and, in order, the key of each
   mapping entry. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    const char *s;
    Py_ssize_t n;
    Py_ssize_t p;          /* the cursor */
    Py_ssize_t line_start; /* where the cursor's line starts */
    long line;             /* the cursor's line, 1-based */
    PyObject *scalar;      /* text -> value, for a plain scalar that may not be text */
    PyObject *key;         /* text -> str, for such a plain key */
    unsigned char special[256]; /* the first characters such a scalar has */
    int longest_word;      /* past this length, one that starts with a letter is text */
    PyObject *values;      /* what the caller's functions said, by text: scalars and keys */
    PyObject *key_values;
    PyObject *memo;        /* keys read so far, shared */
    PyObject *keys;        /* the keys of every mapping entry, in order */
    int32_t *marks;
    Py_ssize_t nmarks, cap;
    int depth, max_depth;
    Py_ssize_t nodes, max_nodes;
    char *buf; /* scratch for scalars that are not a slice of the text */
    Py_ssize_t blen, bcap;
} Reader;

#define KIND_SCALAR 0
#define KIND_MAPPING 1
#define KIND_SEQUENCE 2

/* Giving up is NULL with no exception set; a callback's exception is NULL with one set. */
#ifdef YAMLC_DEBUG
static Reader *debug_reader;
static PyObject *gave_up(int at) {
    if (!PyErr_Occurred()) fprintf(stderr, "gave up at _yamlc.c:%d, line %ld\n", at, debug_reader->line);
    return NULL;
}
#define GIVE_UP gave_up(__LINE__)
#else
#define GIVE_UP NULL
#endif
#define GOTO_GIVE_UP \
    do {             \
        (void)GIVE_UP; \
        goto give_up; \
    } while (0)

/* Character classes, filled when the module loads. */
static unsigned char QUOTED_STOP[256];      /* where a quoted scalar's plain run ends */
static unsigned char PLAIN_STOP[256];       /* where a plain scalar's words on a line may end */
static unsigned char NOT_A_NODE[256];       /* what a block node cannot start with (in block_node) */
static unsigned char NOT_A_KEY[256];        /* what a plain key cannot start with */
static unsigned char NOT_A_FLOW_SCALAR[256];
static unsigned char BYTE_ALIKE[256]; /* a byte both readers read alike wherever it stands */

static void fill_classes(void) {
    const char *classes[][2] = {
        {(const char *)QUOTED_STOP, "'\"\\\n"},
        {(const char *)PLAIN_STOP, "\n:#"},
        {(const char *)NOT_A_NODE, "&*!%@`?:,]}#\t"},
        {(const char *)NOT_A_KEY, "&*!%@`?:,[]{}#|>-\t"},
        {(const char *)NOT_A_FLOW_SCALAR, "&*!%@`|>,]}#"},
    };
    for (int c = 0x20; c < 0x7F; c++) BYTE_ALIKE[c] = 1;
    BYTE_ALIKE['\n'] = BYTE_ALIKE['\t'] = 1;
    for (int c = 0x80; c < 0x100; c++) BYTE_ALIKE[c] = c != 0xC2 && c != 0xE2 && c != 0xEF; /* those lead bytes: looked at */
    for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
        unsigned char *table = (unsigned char *)classes[i][0];
        for (const char *c = classes[i][1]; *c; c++) table[(unsigned char)*c] = 1;
        table[0] = 1; /* the end of the text */
    }
}

static inline char at(Reader *r, Py_ssize_t i) { return i < r->n ? r->s[i] : '\0'; }
static inline char cur(Reader *r) { return at(r, r->p); }
static inline Py_ssize_t column(Reader *r) { return r->p - r->line_start; }
static inline int blankz(char c) { return c == ' ' || c == '\n' || c == '\0'; }

static int push_mark(Reader *r, long line, int32_t info, Py_ssize_t *slot) {
    if (r->nmarks + 2 > r->cap) {
        Py_ssize_t cap = r->cap ? r->cap * 2 : 4096;
        int32_t *grown = PyMem_Realloc(r->marks, (size_t)cap * sizeof(int32_t));
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        r->marks = grown;
        r->cap = cap;
    }
    *slot = r->nmarks;
    r->marks[r->nmarks++] = (int32_t)line;
    r->marks[r->nmarks++] = info;
    if (++r->nodes > r->max_nodes) return 1;
    return 0;
}

static int buf_put(Reader *r, const char *data, Py_ssize_t len) {
    if (r->blen + len > r->bcap) {
        Py_ssize_t cap = r->bcap ? r->bcap : 256;
        while (cap < r->blen + len) cap *= 2;
        char *grown = PyMem_Realloc(r->buf, (size_t)cap);
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        r->buf = grown;
        r->bcap = cap;
    }
    memcpy(r->buf + r->blen, data, (size_t)len);
    r->blen += len;
    return 0;
}

/* Whether a document marker ("---" or "...") starts at the cursor. */
static int marker(Reader *r) {
    const char *s = r->s + r->p;
    return r->p + 3 <= r->n && (memcmp(s, "---", 3) == 0 || memcmp(s, "...", 3) == 0) && (r->p + 3 == r->n || s[3] == ' ' || s[3] == '\n' || s[3] == '\t');
}

static void next_line(Reader *r) { /* the cursor is on a '\n' */
    r->p++;
    r->line++;
    r->line_start = r->p;
}

/* Past spaces, blank lines and comment lines, to the next content (or the end). 0, or -1 to
   give up (a tab). On return the cursor is at content or at the end. */
static int skip_to_content(Reader *r) {
    for (;;) {
        while (cur(r) == ' ') r->p++;
        char c = cur(r);
        if (c == '#') {
            const char *nl = memchr(r->s + r->p, '\n', (size_t)(r->n - r->p));
            r->p = nl ? nl - r->s : r->n;
            continue;
        }
        if (c == '\n') {
            next_line(r);
            continue;
        }
        if (c == '\t') return -1;
        return 0;
    }
}

/* After a node on its line: only spaces and a comment may follow. 0, or -1 to give up. A block
   collection ends with the cursor already at the next line's content: nothing to check then. */
static int end_of_line(Reader *r) {
    if (r->p == r->line_start || r->s[r->p - 1] == ' ') {
        Py_ssize_t i = r->line_start;
        while (i < r->p && r->s[i] == ' ') i++;
        if (i == r->p && r->p < r->n && r->s[r->p] != '\n') return 0;
    }
    while (cur(r) == ' ') r->p++;
    char c = cur(r);
    if (c == '#' && r->s[r->p - 1] == ' ') {
        const char *nl = memchr(r->s + r->p, '\n', (size_t)(r->n - r->p));
        r->p = nl ? nl - r->s : r->n;
        return 0;
    }
    return c == '\n' || c == '\0' ? 0 : -1;
}

static PyObject *text(const char *data, Py_ssize_t len) { return PyUnicode_DecodeUTF8(data, len, NULL); }

static int special(Reader *r, const char *data, Py_ssize_t len) {
    if (len == 0) return 1;
    if (!r->special[(unsigned char)data[0]]) return 0;
    char c = data[0];
    return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) || len <= r->longest_word;
}

/* What ``resolve`` says of ``s``, asked once per text. A new reference. */
static PyObject *resolved(PyObject *cache, PyObject *resolve, PyObject *s) {
    PyObject *value = PyDict_GetItemWithError(cache, s);
    if (value != NULL) return Py_NewRef(value);
    if (PyErr_Occurred()) return NULL;
    value = PyObject_CallOneArg(resolve, s);
    if (value == NULL || PyDict_SetItem(cache, s, value) == 0) return value;
    Py_DECREF(value);
    return NULL;
}

/* A plain scalar's value: certain forms here, the rest by the caller's resolver. */
static PyObject *plain_value(Reader *r, const char *data, Py_ssize_t len) {
    if (!special(r, data, len)) return text(data, len);
    if (len == 4 && memcmp(data, "true", 4) == 0) Py_RETURN_TRUE;
    if (len == 5 && memcmp(data, "false", 5) == 0) Py_RETURN_FALSE;
    if (len == 4 && memcmp(data, "null", 4) == 0) Py_RETURN_NONE;
    Py_ssize_t i = data[0] == '-' ? 1 : 0;
    if (len - i >= 1 && len - i <= 18 && (data[i] != '0' || len - i == 1)) {
        long long value = 0;
        Py_ssize_t j = i;
        for (; j < len && data[j] >= '0' && data[j] <= '9'; j++) value = value * 10 + (data[j] - '0');
        if (j == len) return PyLong_FromLongLong(i ? -value : value);
    }
    PyObject *s = text(data, len);
    if (s == NULL) return NULL;
    PyObject *value = resolved(r->values, r->scalar, s);
    Py_DECREF(s);
    return value;
}

static PyObject *key_value(Reader *r, const char *data, Py_ssize_t len, int plain) {
    PyObject *s = text(data, len);
    if (s == NULL) return NULL;
    if (plain && special(r, data, len)) {
        PyObject *k = resolved(r->key_values, r->key, s);
        Py_DECREF(s);
        if (k == NULL) return NULL;
        if (!PyUnicode_CheckExact(k)) {
            Py_DECREF(k);
            return GIVE_UP;
        }
        s = k;
    }
    PyObject *shared = PyDict_SetDefault(r->memo, s, s);
    if (shared == NULL) {
        Py_DECREF(s);
        return NULL;
    }
    Py_INCREF(shared);
    Py_DECREF(s);
    return shared;
}

/* ---- quoted scalars ---------------------------------------------------------------------- */

static int hex_value(const char *s, int digits, uint32_t *out) {
    uint32_t v = 0;
    for (int i = 0; i < digits; i++) {
        char c = s[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (uint32_t)(c - 'A' + 10);
        else return -1;
    }
    *out = v;
    return 0;
}

static int put_code_point(Reader *r, uint32_t c) {
    char out[4];
    Py_ssize_t len;
    if (c >= 0xD800 && c <= 0xDFFF) return 1; /* a surrogate: give up */
    if (c > 0x10FFFF) return 1;
    if (c < 0x80) {
        out[0] = (char)c;
        len = 1;
    } else if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        len = 2;
    } else if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        len = 3;
    } else {
        out[0] = (char)(0xF0 | (c >> 18));
        out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[3] = (char)(0x80 | (c & 0x3F));
        len = 4;
    }
    return buf_put(r, out, len);
}

/* A line break inside a quoted scalar, the cursor on the '\n': folded as YAML folds it (one break
   is a space, each further empty line a break), leading spaces and tabs of the next lines
   dropped. A document marker at a line's start gives up. 0, 1 to give up, -1 on error. */
static int quoted_break(Reader *r) {
    int breaks = 0;
    while (cur(r) == '\n') {
        next_line(r);
        breaks++;
        if (marker(r)) return 1;
        while (cur(r) == ' ' || cur(r) == '\t') r->p++;
    }
    if (cur(r) == '\0') return 1;
    if (breaks == 1) return buf_put(r, " ", 1);
    for (int i = 1; i < breaks; i++)
        if (buf_put(r, "\n", 1)) return -1;
    return 0;
}

/* The scalar at the cursor, which is on its opening quote; the cursor ends past the closing one. */
static PyObject *quoted(Reader *r, int single_line) {
    char quote = cur(r);
    r->p++;
    r->blen = 0;
    Py_ssize_t run = r->p; /* start of the characters not yet copied */
    for (;;) {
        const char *s = r->s;
        Py_ssize_t p = r->p;
        while (!QUOTED_STOP[(unsigned char)s[p]]) p++; /* the text is NUL-terminated */
        r->p = p;
        char c = s[p];
        if (c == '\0') return GIVE_UP;
        if (c != quote && c != '\n' && (c != '\\' || quote == '\'')) { /* the other quote; a backslash in '' */
            r->p++;
            continue;
        }
        if (c == quote) {
            if (quote == '\'' && at(r, r->p + 1) == '\'') {
                if (buf_put(r, r->s + run, r->p + 1 - run)) return NULL;
                r->p += 2;
                run = r->p;
                continue;
            }
            if (r->blen == 0) { /* a slice of the text */
                PyObject *s = text(r->s + run, r->p - run);
                r->p++;
                return s;
            }
            if (buf_put(r, r->s + run, r->p - run)) return NULL;
            r->p++;
            return text(r->buf, r->blen);
        }
        if (c == '\n') {
            if (single_line) return GIVE_UP;
            Py_ssize_t end = r->p; /* spaces and tabs before a line break are dropped */
            while (end > run && (s[end - 1] == ' ' || s[end - 1] == '\t')) end--;
            if (buf_put(r, r->s + run, end - run)) return NULL;
            int folded = quoted_break(r);
            if (folded) return folded < 0 ? NULL : GIVE_UP;
            run = r->p;
            continue;
        }
        if (c == '\\' && quote == '"') {
            if (buf_put(r, r->s + run, r->p - run)) return NULL;
            char e = at(r, r->p + 1);
            const char *simple = NULL;
            int status = 0;
            uint32_t code;
            r->p += 2;
            switch (e) {
                case '0': simple = "\0"; break;
                case 'a': simple = "\a"; break;
                case 'b': simple = "\b"; break;
                case 't': case '\t': simple = "\t"; break;
                case 'n': simple = "\n"; break;
                case 'v': simple = "\v"; break;
                case 'f': simple = "\f"; break;
                case 'r': simple = "\r"; break;
                case 'e': simple = "\x1b"; break;
                case ' ': simple = " "; break;
                case '"': simple = "\""; break;
                case '/': simple = "/"; break;
                case '\\': simple = "\\"; break;
                case 'N': status = put_code_point(r, 0x85); break;
                case '_': status = put_code_point(r, 0xA0); break;
                case 'L': status = put_code_point(r, 0x2028); break;
                case 'P': status = put_code_point(r, 0x2029); break;
                case 'x': case 'u': case 'U': {
                    int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (r->p + digits > r->n || hex_value(r->s + r->p, digits, &code)) return GIVE_UP;
                    r->p += digits;
                    status = put_code_point(r, code);
                    break;
                }
                case '\n': { /* an escaped line break: joined with nothing between */
                    r->p--;
                    next_line(r);
                    while (cur(r) == ' ' || cur(r) == '\t') r->p++;
                    int breaks = 0;
                    while (cur(r) == '\n') {
                        next_line(r);
                        breaks++;
                        while (cur(r) == ' ' || cur(r) == '\t') r->p++;
                    }
                    for (int i = 0; i < breaks; i++)
                        if (buf_put(r, "\n", 1)) return NULL;
                    if (single_line) return GIVE_UP;
                    break;
                }
                default: return GIVE_UP;
            }
            if (simple != NULL && buf_put(r, simple, 1)) return NULL;
            if (status) return status < 0 ? NULL : GIVE_UP;
            run = r->p;
            continue;
        }
        r->p++;
    }
}

/* ---- plain and block scalars ------------------------------------------------------------- */

/* The end of a plain scalar's words on the cursor's line (block context): before " #", a
   ": " or a ":" at the line's end, or the line's end; trailing spaces not included. ``colon``
   says whether it stopped at a ':'. */
static Py_ssize_t plain_line_end(Reader *r, Py_ssize_t from, int *colon) {
    Py_ssize_t i = from;
    *colon = 0;
    for (;;) {
        while (!PLAIN_STOP[(unsigned char)r->s[i]]) i++; /* the text is NUL-terminated */
        char c = r->s[i];
        if (c == '\n' || c == '\0') break;
        if (c == ':' && blankz(at(r, i + 1))) {
            *colon = 1;
            break;
        }
        if (c == '#' && i > from && r->s[i - 1] == ' ') break;
        i++;
    }
    while (i > from && r->s[i - 1] == ' ') i--;
    return i;
}

/* A plain scalar in block context at the cursor; its continuation lines are those more indented
   than ``parent``. The cursor ends at the end of its last line. */
static PyObject *plain(Reader *r, int parent) {
    int colon;
    Py_ssize_t start = r->p;
    Py_ssize_t end = plain_line_end(r, start, &colon);
    if (colon) return GIVE_UP; /* "a: b: c" */
    if (memchr(r->s + start, '\t', (size_t)(end - start))) return GIVE_UP;
    r->p = end;
    Py_ssize_t after = end;
    while (at(r, after) == ' ') after++;
    if (at(r, after) == '#') { /* a comment ends the scalar */
        r->p = after;
        return plain_value(r, r->s + start, end - start);
    }
    /* continuation lines */
    r->blen = 0;
    int multi = 0;
    for (;;) {
        Py_ssize_t p = after, line_start = 0;
        long line = r->line;
        int breaks = 0;
        while (at(r, p) == '\n') {
            p++;
            line++;
            breaks++;
            line_start = p;
            while (at(r, p) == ' ') p++;
        }
        char c = at(r, p);
        if (breaks == 0 || c == '\0' || c == '#' || p - line_start <= parent) break;
        if (c == '\t') return GIVE_UP;
        int more;
        Py_ssize_t words = plain_line_end(r, p, &more);
        if (more) return GIVE_UP;
        Py_ssize_t rest = words;
        while (at(r, rest) == ' ') rest++;
        if (at(r, rest) == '#' || memchr(r->s + p, '\t', (size_t)(words - p))) return GIVE_UP;
        if (!multi) {
            if (buf_put(r, r->s + start, end - start)) return NULL;
            multi = 1;
        }
        if (breaks == 1) {
            if (buf_put(r, " ", 1)) return NULL;
        } else {
            for (int i = 1; i < breaks; i++)
                if (buf_put(r, "\n", 1)) return NULL;
        }
        if (buf_put(r, r->s + p, words - p)) return NULL;
        r->p = words;
        r->line = line;
        r->line_start = line_start;
        after = words;
        while (at(r, after) == ' ') after++;
    }
    if (!multi) return plain_value(r, r->s + start, end - start);
    /* the buffer may be reused by a callback's caller: copy out first */
    PyObject *folded = text(r->buf, r->blen);
    if (folded == NULL || !special(r, r->buf, r->blen)) return folded;
    PyObject *value = resolved(r->values, r->scalar, folded);
    Py_DECREF(folded);
    return value;
}

/* A block scalar ("|" or ">") at the cursor, under a collection at column ``parent``. Follows
   libyaml's scanner: indentation from the header or the first non-empty line, folding, chomping. */
static PyObject *block_scalar(Reader *r, int parent) {
    int literal = cur(r) == '|';
    int chomping = 0, increment = 0;
    r->p++;
    for (int i = 0; i < 2; i++) {
        char c = cur(r);
        if ((c == '+' || c == '-') && chomping == 0) {
            chomping = c == '+' ? 1 : -1;
            r->p++;
        } else if (c >= '1' && c <= '9' && increment == 0) {
            increment = c - '0';
            r->p++;
        }
    }
    if (!blankz(cur(r)) && cur(r) != '#') return GIVE_UP;
    if (end_of_line(r)) return GIVE_UP;
    if (cur(r) == '\0') return GIVE_UP;
    next_line(r);
    int indent = increment ? (parent >= 0 ? parent + increment : increment) : 0;
    r->blen = 0;
    /* leading breaks, and the indentation when not given */
    int max_indent = 0, nbreaks = 0;
    for (;;) {
        while ((indent == 0 || column(r) < indent) && cur(r) == ' ') r->p++;
        if (column(r) > max_indent) max_indent = (int)column(r);
        if ((indent == 0 || column(r) < indent) && cur(r) == '\t') return GIVE_UP;
        if (cur(r) != '\n') break;
        next_line(r);
        nbreaks++;
    }
    if (indent == 0) {
        indent = max_indent;
        if (indent < parent + 1) indent = parent + 1;
        if (indent < 1) indent = 1;
    }
    /* content */
    int leading_break = 0, leading_blank = 0;
    int trailing_breaks = nbreaks;
    while (column(r) == indent && cur(r) != '\0') {
        int trailing_blank = cur(r) == ' ' || cur(r) == '\t';
        if (!literal && leading_break && !leading_blank && !trailing_blank) {
            if (trailing_breaks == 0 && buf_put(r, " ", 1)) return NULL;
            leading_break = 0;
        }
        if (leading_break && buf_put(r, "\n", 1)) return NULL;
        for (int i = 0; i < trailing_breaks; i++)
            if (buf_put(r, "\n", 1)) return NULL;
        leading_break = 0;
        trailing_breaks = 0;
        leading_blank = trailing_blank;
        const char *nl = memchr(r->s + r->p, '\n', (size_t)(r->n - r->p));
        Py_ssize_t end = nl ? nl - r->s : r->n;
        if (buf_put(r, r->s + r->p, end - r->p)) return NULL;
        r->p = end;
        if (cur(r) == '\0') break;
        next_line(r);
        leading_break = 1;
        for (;;) { /* the breaks and indentation before the next line */
            while (column(r) < indent && cur(r) == ' ') r->p++;
            if (column(r) < indent && cur(r) == '\t') return GIVE_UP;
            if (cur(r) != '\n') break;
            next_line(r);
            trailing_breaks++;
        }
    }
    if (chomping != -1 && leading_break && buf_put(r, "\n", 1)) return NULL;
    if (chomping == 1)
        for (int i = 0; i < trailing_breaks; i++)
            if (buf_put(r, "\n", 1)) return NULL;
    if (cur(r) != '\0') { /* back to the line break before the line that ended the scalar */
        r->p = r->line_start - 1;
        r->line--;
        Py_ssize_t start = r->p;
        while (start > 0 && r->s[start - 1] != '\n') start--;
        r->line_start = start;
    }
    return text(r->buf, r->blen);
}

/* ---- collections ------------------------------------------------------------------------- */

static PyObject *block_node(Reader *r, int parent, long *line, int mapping);
static PyObject *flow_node(Reader *r, int parent);

static int enter(Reader *r) { return ++r->depth > r->max_depth; }

static int fill(Reader *r, Py_ssize_t slot, int kind, Py_ssize_t count) {
    if (count > 0x1FFFFFFF) return 1;
    r->marks[slot + 1] = (int32_t)(kind | (count << 2));
    return 0;
}

/* A mapping entry read (block or flow): the value's mark gets its key's ``line``, and the pair is
   put in ``mapping``; ``k`` and ``v`` are taken. 0; 1 for a duplicate key (the old way says where);
   -1 on error. */
static int put_entry(Reader *r, PyObject *mapping, PyObject *k, PyObject *v, Py_ssize_t child, long line) {
    r->marks[child] = (int32_t)line;
    Py_ssize_t before = PyDict_GET_SIZE(mapping);
    int failed = PyDict_SetItem(mapping, k, v);
    Py_DECREF(k);
    Py_DECREF(v);
    if (failed) return -1;
    return PyDict_GET_SIZE(mapping) == before;
}

/* Spaces, line breaks and comments inside a flow collection. */
static int flow_space(Reader *r, int parent) {
    for (;;) {
        char c = cur(r);
        if (c == ' ') r->p++;
        else if (c == '\n') {
            next_line(r);
            while (cur(r) == ' ') r->p++; /* indentation means nothing in a flow collection */
            if (column(r) == 0 && marker(r)) return -1;
        } else if (c == '#' && (r->s[r->p - 1] == ' ' || r->s[r->p - 1] == '\n')) {
            const char *nl = memchr(r->s + r->p, '\n', (size_t)(r->n - r->p));
            r->p = nl ? nl - r->s : r->n;
        } else if (c == '\t') return -1;
        else return 0;
    }
}

/* A plain scalar inside a flow collection: one line, none of ",[]{}:#" in it. */
static PyObject *flow_plain(Reader *r, int is_key) {
    Py_ssize_t start = r->p;
    char c = cur(r);
    if (c == '?' || c == ':' || (c == '-' && blankz(at(r, r->p + 1)))) return GIVE_UP; /* indicators in a flow collection */
    while (1) {
        c = cur(r);
        if (c == '\0' || c == '\n' || c == ',' || c == '[' || c == ']' || c == '{' || c == '}' || c == '\t') break;
        if (c == ':') {
            if (!is_key || !(blankz(at(r, r->p + 1)))) return GIVE_UP;
            break;
        }
        if (c == '#' && r->s[r->p - 1] == ' ') break;
        if (c == '?') return GIVE_UP; /* ruamel.yaml's scanner ends a flow plain scalar there */
        r->p++;
    }
    Py_ssize_t end = r->p;
    while (end > start && r->s[end - 1] == ' ') end--;
    if (end == start) return GIVE_UP;
    /* a plain scalar going on to the next line: not read here */
    Py_ssize_t after = r->p;
    while (at(r, after) == ' ') after++;
    if (at(r, after) == '\n' || at(r, after) == '#' || at(r, after) == '\0') {
        Py_ssize_t next = after;
        if (at(r, next) == '#') return GIVE_UP;
        if (at(r, next) == '\n') {
            next++;
            while (at(r, next) == ' ' || at(r, next) == '\n') next++;
            char d = at(r, next);
            if (d != ',' && d != ']' && d != '}' && d != '#') return GIVE_UP;
        }
    }
    if (is_key) return key_value(r, r->s + start, end - start, 1);
    return plain_value(r, r->s + start, end - start);
}

static PyObject *flow_scalar(Reader *r, int is_key) {
    char c = cur(r);
    if (c == '"' || c == '\'') {
        PyObject *s = quoted(r, is_key);
        if (s == NULL || !is_key) return s;
        PyObject *shared = PyDict_SetDefault(r->memo, s, s);
        Py_XINCREF(shared);
        Py_DECREF(s);
        return shared;
    }
    if (NOT_A_FLOW_SCALAR[(unsigned char)c]) return GIVE_UP;
    return flow_plain(r, is_key);
}

static PyObject *flow_collection(Reader *r, int parent) {
    int mapping = cur(r) == '{';
    char close = mapping ? '}' : ']';
    Py_ssize_t slot;
    int status = push_mark(r, r->line, 0, &slot);
    if (status) return status < 0 ? NULL : GIVE_UP;
    if (enter(r)) return GIVE_UP;
    PyObject *result = mapping ? PyDict_New() : PyList_New(0);
    if (result == NULL) return NULL;
    r->p++;
    Py_ssize_t count = 0;
    for (;;) {
        if (flow_space(r, parent)) GOTO_GIVE_UP;
        if (cur(r) == close) break;
        long line = r->line;
        Py_ssize_t child;
        if (mapping) {
            PyObject *k = flow_scalar(r, 1);
            if (k == NULL) goto fail;
            if (PyList_Append(r->keys, k)) {
                Py_DECREF(k);
                goto fail;
            }
            while (cur(r) == ' ') r->p++; /* a key and its ':' on one line */
            if (cur(r) != ':') {
                Py_DECREF(k);
                GOTO_GIVE_UP;
            }
            r->p++;
            if (flow_space(r, parent) || cur(r) == ',' || cur(r) == close) {
                Py_DECREF(k);
                GOTO_GIVE_UP; /* an empty value: not read here */
            }
            child = r->nmarks;
            PyObject *v = flow_node(r, parent);
            if (v == NULL) {
                Py_DECREF(k);
                goto fail;
            }
            int put = put_entry(r, result, k, v, child, line);
            if (put < 0) goto fail;
            if (put > 0) GOTO_GIVE_UP;
        } else {
            PyObject *v = flow_node(r, parent);
            if (v == NULL) goto fail;
            int failed = PyList_Append(result, v);
            Py_DECREF(v);
            if (failed) goto fail;
            if (flow_space(r, parent)) GOTO_GIVE_UP;
            if (cur(r) == ':') GOTO_GIVE_UP; /* a single-pair mapping */
        }
        count++;
        if (flow_space(r, parent)) GOTO_GIVE_UP;
        if (cur(r) == ',') {
            r->p++;
            continue;
        }
        if (cur(r) != close) GOTO_GIVE_UP;
        break;
    }
    r->p++;
    r->depth--;
    if (fill(r, slot, mapping ? KIND_MAPPING : KIND_SEQUENCE, count)) GOTO_GIVE_UP;
    return result;
give_up:
    Py_DECREF(result);
    return GIVE_UP;
fail:
    Py_DECREF(result);
    return NULL;
}

static PyObject *flow_node(Reader *r, int parent) {
    char c = cur(r);
    if (c == '[' || c == '{') return flow_collection(r, parent);
    Py_ssize_t slot;
    int status = push_mark(r, r->line, KIND_SCALAR, &slot);
    if (status) return status < 0 ? NULL : GIVE_UP;
    return flow_scalar(r, 0);
}

/* Whether the line at the cursor holds a mapping key: a plain or quoted scalar then ": " or a
   ':' at the line's end. */
static int is_key_line(Reader *r) {
    char c = cur(r);
    if (c == '"' || c == '\'') {
        Py_ssize_t i = r->p + 1;
        for (;;) {
            char d = at(r, i);
            if (d == '\0' || d == '\n') return 0;
            if (d == '\\' && c == '"') {
                i += 2;
                continue;
            }
            if (d == c) {
                if (c == '\'' && at(r, i + 1) == '\'') {
                    i += 2;
                    continue;
                }
                break;
            }
            i++;
        }
        i++;
        while (at(r, i) == ' ') i++;
        return at(r, i) == ':' && blankz(at(r, i + 1));
    }
    int colon;
    plain_line_end(r, r->p, &colon);
    return colon;
}

static PyObject *block_sequence(Reader *r, int col);
static PyObject *block_mapping(Reader *r, int col);

/* A value after a key or a dash that starts on a later line, or nothing: the cursor is at the
   line's end. ``col`` is the collection's column; an indentless sequence may stand at it when
   ``indentless``. */
static PyObject *value_below(Reader *r, int col, int indentless, long *line) {
    Py_ssize_t save_p = r->p, save_start = r->line_start;
    long save_line = r->line;
    if (skip_to_content(r)) return GIVE_UP;
    int c = (int)column(r);
    if (cur(r) != '\0' && (c > col || (indentless && c == col && cur(r) == '-' && blankz(at(r, r->p + 1))))) {
        *line = r->line;
        if (c == col) return block_sequence(r, col);
        return block_node(r, col, line, 1);
    }
    r->p = save_p;
    r->line_start = save_start;
    r->line = save_line;
    Py_ssize_t slot;
    int status = push_mark(r, r->line, KIND_SCALAR, &slot);
    if (status) return status < 0 ? NULL : GIVE_UP;
    Py_RETURN_NONE;
}

/* A node that starts at the cursor, inside a block collection at column ``parent``; a mapping only
   when ``mapping`` (not after "key: " on the key's line, where a scalar or a flow collection is). */
static PyObject *block_node(Reader *r, int parent, long *line, int mapping) {
    char c = cur(r);
    int col = (int)column(r);
    *line = r->line;
    if (c == '-' && blankz(at(r, r->p + 1))) return block_sequence(r, col);
    if (c == '[' || c == '{') {
        PyObject *v = flow_collection(r, parent);
        if (v != NULL && end_of_line(r)) {
            Py_DECREF(v);
            return GIVE_UP;
        }
        return v;
    }
    if (NOT_A_NODE[(unsigned char)c]) return GIVE_UP;
    if (mapping && is_key_line(r)) return block_mapping(r, col);
    Py_ssize_t slot;
    int status = push_mark(r, r->line, KIND_SCALAR, &slot);
    if (status) return status < 0 ? NULL : GIVE_UP;
    PyObject *v;
    if (c == '|' || c == '>') return parent < 0 ? GIVE_UP : block_scalar(r, parent);
    if (c == '"' || c == '\'') {
        v = quoted(r, 0);
        if (v != NULL && end_of_line(r)) {
            Py_DECREF(v);
            return GIVE_UP;
        }
        return v;
    }
    return plain(r, parent);
}

/* The value after "key:" or "- ", on the same line: the cursor is past the indicator. */
static PyObject *value_here(Reader *r, int col, int in_sequence, long *line) {
    while (cur(r) == ' ') r->p++;
    char c = cur(r);
    if (c == '\t') return GIVE_UP;
    if (c == '\n' || c == '\0' || (c == '#' && r->s[r->p - 1] == ' ')) {
        if (end_of_line(r)) return GIVE_UP;
        *line = r->line;
        return value_below(r, col, !in_sequence, line);
    }
    if (!in_sequence && c == '-' && blankz(at(r, r->p + 1))) return GIVE_UP; /* "a: - b" */
    return block_node(r, col, line, in_sequence); /* "a: b: c": the scalar gives up at its ':' */
}

static PyObject *block_sequence(Reader *r, int col) {
    Py_ssize_t slot;
    int status = push_mark(r, r->line, 0, &slot);
    if (status) return status < 0 ? NULL : GIVE_UP;
    if (enter(r)) return GIVE_UP;
    PyObject *result = PyList_New(0);
    if (result == NULL) return NULL;
    Py_ssize_t count = 0;
    for (;;) {
        /* the cursor is on a dash at column col */
        r->p++;
        long line = r->line;
        Py_ssize_t child = r->nmarks;
        PyObject *v = value_here(r, col, 1, &line);
        if (v == NULL) goto fail;
        r->marks[child] = (int32_t)line;
        int failed = PyList_Append(result, v);
        Py_DECREF(v);
        if (failed) goto fail;
        count++;
        if (end_of_line(r) || skip_to_content(r)) GOTO_GIVE_UP;
        if (cur(r) == '\0' || column(r) < col) break;
        if (column(r) > col || cur(r) != '-' || !blankz(at(r, r->p + 1))) {
            if (column(r) == col && cur(r) != '-') break; /* an indentless sequence ends at its mapping's next key */
            GOTO_GIVE_UP;
        }
    }
    r->depth--;
    if (fill(r, slot, KIND_SEQUENCE, count)) GOTO_GIVE_UP;
    return result;
give_up:
    Py_DECREF(result);
    return GIVE_UP;
fail:
    Py_XDECREF(result);
    return PyErr_Occurred() ? NULL : GIVE_UP;
}

static PyObject *block_mapping(Reader *r, int col) {
    Py_ssize_t slot;
    int status = push_mark(r, r->line, 0, &slot);
    if (status) return status < 0 ? NULL : GIVE_UP;
    if (enter(r)) return GIVE_UP;
    PyObject *result = PyDict_New();
    if (result == NULL) return NULL;
    Py_ssize_t count = 0;
    for (;;) {
        /* the cursor is on a key at column col */
        long line = r->line;
        PyObject *k;
        char c = cur(r);
        if (c == '"' || c == '\'') {
            PyObject *s = quoted(r, 1);
            if (s == NULL) goto fail;
            k = PyDict_SetDefault(r->memo, s, s);
            Py_XINCREF(k);
            Py_DECREF(s);
            if (k == NULL) goto fail;
            while (cur(r) == ' ') r->p++;
            if (cur(r) != ':' || !blankz(at(r, r->p + 1))) {
                Py_DECREF(k);
                GOTO_GIVE_UP;
            }
        } else {
            if (NOT_A_KEY[(unsigned char)c] && !(c == '-' && !blankz(at(r, r->p + 1)))) GOTO_GIVE_UP;
            int colon;
            Py_ssize_t end = plain_line_end(r, r->p, &colon);
            if (!colon || end - r->p > 1024 || memchr(r->s + r->p, '\t', (size_t)(end - r->p))) GOTO_GIVE_UP;
            k = key_value(r, r->s + r->p, end - r->p, 1);
            if (k == NULL) goto fail;
            r->p = end;
            while (cur(r) == ' ') r->p++;
        }
        if (cur(r) != ':') {
            Py_DECREF(k);
            GOTO_GIVE_UP;
        }
        r->p++;
        if (PyList_Append(r->keys, k)) {
            Py_DECREF(k);
            goto fail;
        }
        Py_ssize_t child = r->nmarks;
        long value_line = line;
        PyObject *v = value_here(r, col, 0, &value_line);
        if (v == NULL) {
            Py_DECREF(k);
            goto fail;
        }
        int put = put_entry(r, result, k, v, child, line);
        if (put < 0) goto fail;
        if (put > 0) GOTO_GIVE_UP;
        count++;
        if (end_of_line(r) || skip_to_content(r)) GOTO_GIVE_UP;
        if (cur(r) == '\0' || column(r) < col) break;
        if (column(r) > col) GOTO_GIVE_UP;
        if (cur(r) == '-' && blankz(at(r, r->p + 1))) GOTO_GIVE_UP;
        if (col == 0 && marker(r)) GOTO_GIVE_UP;
    }
    r->depth--;
    if (fill(r, slot, KIND_MAPPING, count)) GOTO_GIVE_UP;
    return result;
give_up:
    Py_DECREF(result);
    return GIVE_UP;
fail:
    Py_DECREF(result);
    return PyErr_Occurred() ? NULL : GIVE_UP;
}

/* ---- the document ------------------------------------------------------------------------ */

/* Whether every byte is one both readers read alike: no control character but '\t' and '\n', no
   '\r', no C1 control, U+2028, U+2029, U+FFFE, U+FFFF, and no byte order mark past the start. */
static int plain_bytes(const unsigned char *s, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < n; i++) {
        while (BYTE_ALIKE[s[i]]) i++; /* NUL-terminated: stops at the end */
        if (i >= n) break;
        unsigned char c = s[i];
        if (c < 0x80) return 0; /* a control character, a NUL inside, a carriage return */
        if (c == 0xC2 && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F) return 0;
        if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) return 0;
        if (c == 0xEF && i + 2 < n && s[i + 1] == 0xBF && (s[i + 2] == 0xBE || s[i + 2] == 0xBF)) return 0;
        if (c == 0xEF && i + 2 < n && s[i + 1] == 0xBB && s[i + 2] == 0xBF && i != 0) return 0;
    }
    return 1;
}

static PyObject *document(Reader *r) {
    if (r->n >= 3 && memcmp(r->s, "\xEF\xBB\xBF", 3) == 0) r->p = r->line_start = 3;
    if (skip_to_content(r)) return GIVE_UP;
    if (cur(r) == '%') return GIVE_UP;
    if (column(r) == 0 && r->p + 3 <= r->n && memcmp(r->s + r->p, "---", 3) == 0 && blankz(at(r, r->p + 3))) {
        r->p += 3;
        while (cur(r) == ' ') r->p++;
        if (cur(r) != '[' && cur(r) != '{' && (end_of_line(r) || skip_to_content(r))) return GIVE_UP; /* "--- {...}" */
    }
    char c = cur(r);
    if (c == '\0' || (column(r) == 0 && marker(r))) return GIVE_UP;
    long line;
    PyObject *root;
    if (c == '[' || c == '{') {
        root = flow_collection(r, -1);
        if (root != NULL && end_of_line(r)) {
            Py_DECREF(root);
            return GIVE_UP;
        }
    } else if (c == '-' && blankz(at(r, r->p + 1))) {
        root = block_sequence(r, (int)column(r));
    } else {
        if (!is_key_line(r)) return GIVE_UP; /* a scalar document */
        root = block_node(r, -1, &line, 1);
    }
    if (root == NULL) return NULL;
    if (skip_to_content(r) || cur(r) != '\0') {
        Py_DECREF(root);
        return GIVE_UP;
    }
    return root;
}

static PyObject *read_text(PyObject *module, PyObject *args) {
    Reader r = {0};
    PyObject *source, *scalar, *key;
    const char *special;
    int max_depth;
    Py_ssize_t max_nodes;
    if (!PyArg_ParseTuple(args, "UOOsiin", &source, &scalar, &key, &special, &r.longest_word, &max_depth, &max_nodes)) return NULL;
    r.s = PyUnicode_AsUTF8AndSize(source, &r.n);
    if (r.s == NULL) { /* a lone surrogate */
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    if (!plain_bytes((const unsigned char *)r.s, r.n)) Py_RETURN_NONE;
    r.line = 1;
#ifdef YAMLC_DEBUG
    debug_reader = &r;
#endif
    r.scalar = scalar;
    r.key = key;
    for (const char *c = special; *c; c++) r.special[(unsigned char)*c] = 1;
    r.max_depth = max_depth;
    r.max_nodes = max_nodes;
    r.memo = PyDict_New();
    r.keys = PyList_New(0);
    r.values = PyDict_New();
    r.key_values = PyDict_New();
    PyObject *result = NULL;
    if (r.memo != NULL && r.keys != NULL && r.values != NULL && r.key_values != NULL) {
        PyObject *data = document(&r);
        if (data != NULL) {
            PyObject *marks = PyBytes_FromStringAndSize((const char *)r.marks, r.nmarks * (Py_ssize_t)sizeof(int32_t));
            if (marks != NULL) result = Py_BuildValue("(NNO)", data, marks, r.keys);
            else Py_DECREF(data);
        } else if (!PyErr_Occurred()) {
            result = Py_NewRef(Py_None);
        }
    }
    Py_XDECREF(r.memo);
    Py_XDECREF(r.keys);
    Py_XDECREF(r.values);
    Py_XDECREF(r.key_values);
    PyMem_Free(r.marks);
    PyMem_Free(r.buf);
    return result;
}

static PyMethodDef methods[] = {
    {"read", read_text, METH_VARARGS,
     "read(text, scalar, key, special, longest_word, max_depth, max_nodes) -> (data, marks, keys) | None"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_yamlc", NULL, -1, methods};

PyMODINIT_FUNC PyInit__yamlc(void) {
    fill_classes();
    return PyModule_Create(&module);
}
