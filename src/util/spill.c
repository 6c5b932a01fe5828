/* spill.c - see spill.h. */
#include "util/spill.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "copydesk.h"

void cdi_spill_init(cdi_spill *s, const char *tag, int keep_going)
{
	memset(s, 0, sizeof *s);
	s->tag = tag;
	s->keep_going = keep_going;
	s->fd = -1;
}

/* An unlinked temporary file in $TMPDIR (or /tmp); -1 when none. */
static int temp_file(const char *tag)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	size_t n = strlen(dir) + strlen(tag) + 32;
	char *path = malloc(n);
	if (!path)
		return -1;
	snprintf(path, n, "%s/.copydesk-%s-XXXXXX", dir, tag);
	int fd = mkstemp(path);
	if (fd >= 0)
		unlink(path);
	free(path);
	return fd;
}

/* Appends n bytes to the memory chunks (which hold mem_size bytes). */
static int chunks_append(cdi_spill *s, uint64_t *mem_size, const unsigned char *b, size_t n)
{
	while (n) {
		size_t at = (size_t)(*mem_size % CDI_SPILL_CHUNK);
		if (at == 0 && *mem_size / CDI_SPILL_CHUNK == s->n_chunks) {
			unsigned char **v = realloc(s->chunks, (s->n_chunks + 1) * sizeof *v);
			if (!v)
				return CD_ENOMEM;
			s->chunks = v;
			if (!(v[s->n_chunks] = malloc(CDI_SPILL_CHUNK)))
				return CD_ENOMEM;
			s->n_chunks++;
		}
		size_t k = CDI_SPILL_CHUNK - at < n ? CDI_SPILL_CHUNK - at : n;
		memcpy(s->chunks[*mem_size / CDI_SPILL_CHUNK] + at, b, k);
		b += k;
		n -= k;
		*mem_size += k;
	}
	return CD_OK;
}

static int read_file(int fd, uint64_t off, unsigned char *b, size_t n)
{
	for (size_t done = 0; done < n;) {
		ssize_t k = pread(fd, b + done, n - done, (off_t)(off + done));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			if (k == 0)
				errno = EIO;
			return CD_EIO;
		}
		done += (size_t)k;
	}
	return CD_OK;
}

/* The file could not take more: everything goes to memory, or the spill
 * fails. */
static int to_memory(cdi_spill *s, int write_errno)
{
	if (!s->keep_going) {
		s->failed = 1;
		errno = write_errno;
		return CD_EIO;
	}
	unsigned char *tmp = malloc(CDI_SPILL_CHUNK);
	uint64_t mem = 0;
	int err = tmp ? CD_OK : CD_ENOMEM;
	for (uint64_t off = 0; err == CD_OK && off < s->flushed; off += CDI_SPILL_CHUNK) {
		size_t k = s->flushed - off < CDI_SPILL_CHUNK ? (size_t)(s->flushed - off) : CDI_SPILL_CHUNK;
		err = read_file(s->fd, off, tmp, k);
		if (err == CD_OK)
			err = chunks_append(s, &mem, tmp, k);
	}
	if (err == CD_OK)
		err = chunks_append(s, &mem, s->buf, (size_t)(s->size - s->flushed));
	free(tmp);
	if (err != CD_OK) {
		s->failed = 1;
		return err;
	}
	if (s->has_file)
		close(s->fd);
	s->fd = -1;
	s->has_file = 0;
	free(s->buf);
	s->buf = NULL;
	s->in_memory = 1;
	return CD_OK;
}

/* Writes the buffer to the file, made on the first call: a spill that
 * never fills its buffer makes no file. When none can be made, everything
 * goes to memory. */
static int flush(cdi_spill *s)
{
	if (!s->has_file) {
		s->fd = temp_file(s->tag);
		if (s->fd < 0) {
			int keep = s->keep_going;
			s->keep_going = 1;
			int err = to_memory(s, errno);
			s->keep_going = keep;
			return err;
		}
		s->has_file = 1;
	}
	size_t n = (size_t)(s->size - s->flushed);
	for (size_t done = 0; done < n;) {
		ssize_t k = pwrite(s->fd, s->buf + done, n - done, (off_t)(s->flushed + done));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return to_memory(s, k < 0 ? errno : ENOSPC);
		done += (size_t)k;
	}
	s->flushed = s->size;
	return CD_OK;
}

int cdi_spill_append(cdi_spill *s, const void *p, size_t n)
{
	if (s->failed) {
		errno = EIO;
		return CD_EIO;
	}
	if (!s->buf && !s->in_memory && !(s->buf = malloc(CDI_SPILL_BUF)))
		s->in_memory = 1;
	const unsigned char *b = p;
	while (n && !s->in_memory) {
		size_t used = (size_t)(s->size - s->flushed);
		size_t k = CDI_SPILL_BUF - used < n ? CDI_SPILL_BUF - used : n;
		memcpy(s->buf + used, b, k);
		s->size += k;
		b += k;
		n -= k;
		if (s->size - s->flushed == CDI_SPILL_BUF) {
			int err = flush(s);
			if (err != CD_OK)
				return err;
		}
	}
	if (n) {
		int err = chunks_append(s, &s->size, b, n);
		if (err != CD_OK)
			s->failed = 1;   /* size may count part of these bytes */
		return err;
	}
	return CD_OK;
}

int cdi_spill_read(const cdi_spill *s, uint64_t off, void *p, size_t n)
{
	if (off > s->size || n > s->size - off) {
		errno = EINVAL;
		return CD_EIO;
	}
	unsigned char *b = p;
	if (!s->in_memory) {
		if (off < s->flushed) {
			size_t k = s->flushed - off < n ? (size_t)(s->flushed - off) : n;
			if (read_file(s->fd, off, b, k) != CD_OK)
				return CD_EIO;
			b += k;
			n -= k;
			off += k;
		}
		if (n)
			memcpy(b, s->buf + (off - s->flushed), n);
		return CD_OK;
	}
	while (n) {
		size_t at = (size_t)(off % CDI_SPILL_CHUNK);
		size_t k = CDI_SPILL_CHUNK - at < n ? CDI_SPILL_CHUNK - at : n;
		memcpy(b, s->chunks[off / CDI_SPILL_CHUNK] + at, k);
		b += k;
		n -= k;
		off += k;
	}
	return CD_OK;
}

int cdi_spill_in_memory(const cdi_spill *s)
{
	return s->in_memory;
}

void cdi_spill_free(cdi_spill *s)
{
	if (s->has_file)
		close(s->fd);
	free(s->buf);
	for (size_t i = 0; i < s->n_chunks; i++)
		free(s->chunks[i]);
	free(s->chunks);
	memset(s, 0, sizeof *s);
	s->fd = -1;
}
