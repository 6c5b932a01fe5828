/*
 * spill.h - bytes written once and read back later, kept out of memory.
 *
 * A batch keeps a little of every article until its summary is drawn (the
 * MinHash signatures, the records). A spill holds such bytes in an unlinked
 * temporary file in $TMPDIR (or /tmp), so that memory does not grow with
 * the number of articles. The last CDI_SPILL_BUF bytes wait in a buffer
 * (the file is made when it first fills: a small spill makes none); reads
 * take what they need from the file and the buffer, and change nothing.
 * Only when no file can be made does a spill keep everything in memory, in
 * chunks; when a write to the file fails later, a spill made
 * with keep_going reads the file back and goes on in memory, and one made
 * without fails (CD_EIO, errno set). Nothing here prints.
 *
 *   cdi_spill s;
 *   cdi_spill_init(&s, "rec", 1);
 *   if (cdi_spill_append(&s, &x, sizeof x) != CD_OK) ...
 *   cdi_spill_read(&s, 0, &y, sizeof y);
 *   cdi_spill_free(&s);
 *
 * cdi_spill_free is safe on a zeroed spill that was never initialized.
 */
#ifndef CD_UTIL_SPILL_H
#define CD_UTIL_SPILL_H

#include <stddef.h>
#include <stdint.h>

#define CDI_SPILL_BUF 65536     /* the write buffer */
#define CDI_SPILL_CHUNK 65536   /* a chunk, in memory */

typedef struct cdi_spill {
	const char *tag;          /* in the temporary file's name: .copydesk-TAG-XXXXXX */
	int keep_going;           /* on a failed write, go on in memory */
	int fd;                   /* the temporary file, when has_file */
	int has_file;             /* made when the buffer first fills */
	int in_memory;            /* chunks below hold everything */
	int failed;               /* a write failed (and keep_going was 0) */
	unsigned char *buf;       /* bytes flushed .. size - 1 unless in_memory */
	uint64_t flushed;         /* bytes in the file */
	unsigned char **chunks;
	size_t n_chunks;
	uint64_t size;            /* bytes appended */
} cdi_spill;

/* tag: a short static name for the file (letters only). */
void cdi_spill_init(cdi_spill *s, const char *tag, int keep_going);
/* Appends n bytes. CD_OK, CD_EIO (errno set) or CD_ENOMEM. */
int cdi_spill_append(cdi_spill *s, const void *p, size_t n);
/* Reads n bytes at off (off + n <= size). CD_OK or CD_EIO (errno set). */
int cdi_spill_read(const cdi_spill *s, uint64_t off, void *p, size_t n);
/* 1 when the bytes are in memory (no file, or a failed write), else 0. */
int cdi_spill_in_memory(const cdi_spill *s);
void cdi_spill_free(cdi_spill *s);

#endif
