// Non-variadic wrappers for curl_easy_setopt / curl_easy_getinfo (Swift cannot call C variadics).
#ifndef CCURLSHIM_H
#define CCURLSHIM_H
#include <curl/curl.h>

typedef size_t (*ccurl_data_cb)(char *ptr, size_t size, size_t nmemb, void *userdata);

CURLcode ccurl_setopt_long(CURL *h, CURLoption opt, long v);
CURLcode ccurl_setopt_off_t(CURL *h, CURLoption opt, curl_off_t v);
CURLcode ccurl_setopt_string(CURL *h, CURLoption opt, const char *v);
CURLcode ccurl_setopt_ptr(CURL *h, CURLoption opt, void *v);
CURLcode ccurl_setopt_slist(CURL *h, CURLoption opt, struct curl_slist *v);
/* WRITEFUNCTION + WRITEDATA */
CURLcode ccurl_setopt_write(CURL *h, ccurl_data_cb cb, void *userdata);
/* HEADERFUNCTION + HEADERDATA */
CURLcode ccurl_setopt_header(CURL *h, ccurl_data_cb cb, void *userdata);
/* READFUNCTION + READDATA */
CURLcode ccurl_setopt_read(CURL *h, ccurl_data_cb cb, void *userdata);
CURLcode ccurl_getinfo_long(CURL *h, CURLINFO info, long *out);
CURLcode ccurl_getinfo_double(CURL *h, CURLINFO info, double *out);
#endif
