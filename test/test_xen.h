/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sonuma authors
 */

#ifndef _TEST_XEN_H_
#define _TEST_XEN_H_

/* Helpers shared by the xen_remote tests. */

/* Write a file below a scratch root, creating its folders. 0 or -errno. */
int test_xen_write_file(const char *root, const char *path, const char *text);

/* Remove a scratch tree made by the tests (only under /tmp/rmc-xen-). */
void test_xen_rm_tree(const char *root);

#endif /* _TEST_XEN_H_ */
