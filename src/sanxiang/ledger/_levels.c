/* Native hashing of whole Merkle levels (RFC 9162) for full verification.
 *
 * CPython spends most of a hashlib call on the interpreter and object overhead, not on the
 * hash: a 65-byte interior node costs about 0.8 us through hashlib and about 0.1 us through
 * OpenSSL called in a loop from C. Full verification recomputes every leaf and every
 * interior node (two million calls for a million entries), so it hashes whole levels here.
 *
 * One function, ``hash_block(records, algorithm)``, with exactly the meaning of the Python
 * ``sanxiang.ledger.blockcheck.python_hash_block`` (the tests compare them): ``records`` are
 * joined by newlines; the result is a list of bytes, one per level (level 0 first), each the
 * concatenation of that level's hashes; an unpaired last node is not carried up, and the
 * levels stop at the first that holds one node. The digest is any OpenSSL knows by name
 * ("sha256", "sm3"). The interpreter lock is released while hashing.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>
#include <openssl/evp.h>

#define MAX_WIDTH EVP_MAX_MD_SIZE

/* Leaf hashes of the newline-separated records into out (count * width bytes). */
static int
hash_leaves(EVP_MD_CTX *ctx, const EVP_MD *md, const char *data, Py_ssize_t size,
            unsigned char *out, size_t width)
{
    static const unsigned char leaf_prefix = 0x00;
    const char *start = data;
    const char *end = data + size;
    for (;;) {
        const char *stop = memchr(start, '\n', (size_t)(end - start));
        if (stop == NULL) {
            stop = end;
        }
        if (!EVP_DigestInit_ex(ctx, md, NULL)
            || !EVP_DigestUpdate(ctx, &leaf_prefix, 1)
            || !EVP_DigestUpdate(ctx, start, (size_t)(stop - start))
            || !EVP_DigestFinal_ex(ctx, out, NULL)) {
            return 0;
        }
        out += width;
        if (stop == end) {
            return 1;
        }
        start = stop + 1;
    }
}

/* Parents of pairs of nodes: count nodes of below -> count / 2 nodes into out. */
static int
hash_parents(EVP_MD_CTX *ctx, const EVP_MD *md, const unsigned char *below, Py_ssize_t count,
             unsigned char *out, size_t width)
{
    unsigned char input[1 + 2 * MAX_WIDTH];
    input[0] = 0x01;
    for (Py_ssize_t i = 0; i + 1 < count; i += 2) {
        memcpy(input + 1, below + (size_t)i * width, 2 * width);
        if (!EVP_DigestInit_ex(ctx, md, NULL)
            || !EVP_DigestUpdate(ctx, input, 1 + 2 * width)
            || !EVP_DigestFinal_ex(ctx, out, NULL)) {
            return 0;
        }
        out += width;
    }
    return 1;
}

static Py_ssize_t
count_records(const char *data, Py_ssize_t size)
{
    Py_ssize_t count = 1;
    const char *start = data;
    const char *end = data + size;
    const char *stop;
    while ((stop = memchr(start, '\n', (size_t)(end - start))) != NULL) {
        count++;
        start = stop + 1;
    }
    return count;
}

static PyObject *
hash_block(PyObject *module, PyObject *args)
{
    Py_buffer records;
    const char *algorithm;
    if (!PyArg_ParseTuple(args, "y*s:hash_block", &records, &algorithm)) {
        return NULL;
    }
    PyObject *levels = NULL;
    EVP_MD *md = EVP_MD_fetch(NULL, algorithm, NULL);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (md == NULL || ctx == NULL) {
        PyErr_Format(PyExc_ValueError, "unsupported digest: %s", algorithm);
        goto done;
    }
    size_t width = (size_t)EVP_MD_get_size(md);
    if (width == 0 || width > MAX_WIDTH) {
        PyErr_Format(PyExc_ValueError, "unsupported digest: %s", algorithm);
        goto done;
    }
    levels = PyList_New(0);
    if (levels == NULL) {
        goto done;
    }
    Py_ssize_t count = count_records(records.buf, records.len);
    PyObject *level = PyBytes_FromStringAndSize(NULL, count * (Py_ssize_t)width);
    if (level == NULL) {
        Py_CLEAR(levels);
        goto done;
    }
    int ok;
    Py_BEGIN_ALLOW_THREADS
    ok = hash_leaves(ctx, md, records.buf, records.len,
                     (unsigned char *)PyBytes_AS_STRING(level), width);
    Py_END_ALLOW_THREADS
    while (ok) {
        int appended = PyList_Append(levels, level);
        const unsigned char *below = (const unsigned char *)PyBytes_AS_STRING(level);
        Py_DECREF(level); /* the list holds it */
        if (appended < 0) {
            Py_CLEAR(levels);
            goto done;
        }
        if (count <= 1) {
            goto done;
        }
        count /= 2;
        level = PyBytes_FromStringAndSize(NULL, count * (Py_ssize_t)width);
        if (level == NULL) {
            Py_CLEAR(levels);
            goto done;
        }
        Py_BEGIN_ALLOW_THREADS
        ok = hash_parents(ctx, md, below, count * 2,
                          (unsigned char *)PyBytes_AS_STRING(level), width);
        Py_END_ALLOW_THREADS
    }
    Py_DECREF(level);
    Py_CLEAR(levels);
    PyErr_SetString(PyExc_RuntimeError, "OpenSSL digest failed");
done:
    EVP_MD_CTX_free(ctx);
    EVP_MD_free(md);
    PyBuffer_Release(&records);
    return levels;
}

static PyMethodDef methods[] = {
    {"hash_block", hash_block, METH_VARARGS,
     "hash_block(records, algorithm) -> list of bytes, one per level (level 0 first)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_levels", "Native hashing of whole Merkle levels.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__levels(void)
{
    return PyModule_Create(&module);
}
