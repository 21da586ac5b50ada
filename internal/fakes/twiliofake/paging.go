package twiliofake

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Paging limits of Twilio's list endpoints, from the PageSize parameter of
// Twilio's OpenAPI description (minimum 1, maximum 1000) and twilio-go's
// default page size (50).
const (
	defaultPageSize = 50
	maxPageSize     = 1000
)

// pageRequest contains the paging parameters of a list request.
type pageRequest struct {
	size   int
	number int
	// token is the PageToken sent: "PA" and the SID of the last item of the
	// previous page, "PB" and the SID of the first item of the next page, or
	// empty.
	token string
}

// parsePageRequest reads the paging parameters of a list request. A non-empty
// problem is the message of a 400 response.
func parsePageRequest(query url.Values) (request pageRequest, problem string) {
	request = pageRequest{size: defaultPageSize}
	if raw := query.Get("PageSize"); raw != "" {
		size, err := strconv.Atoi(raw)
		if err != nil || size < 1 || size > maxPageSize {
			return request, fmt.Sprintf("Invalid PageSize %q: use an integer from 1 to %d", raw, maxPageSize)
		}
		request.size = size
	}
	if raw := query.Get("Page"); raw != "" {
		number, err := strconv.Atoi(raw)
		if err != nil || number < 0 {
			return request, fmt.Sprintf("Invalid Page %q: use an integer of 0 or more", raw)
		}
		request.number = number
	}
	request.token = query.Get("PageToken")
	if request.token != "" && !strings.HasPrefix(request.token, "PA") && !strings.HasPrefix(request.token, "PB") {
		return request, fmt.Sprintf("Invalid PageToken %q: use the PageToken of a next_page_uri or previous_page_uri", request.token)
	}
	return request, ""
}

// pageBounds returns the bounds [start, end) of the requested page in a list
// whose items have the ascending sequence numbers seqs. seqOfSID returns the
// sequence number of the item named by a page token. A token naming an
// unknown item falls back to offset paging by page number.
func pageBounds(seqs []int64, request pageRequest, seqOfSID func(string) (int64, bool)) (start, end int) {
	start = min(request.number*request.size, len(seqs))
	end = min(start+request.size, len(seqs))
	if request.token == "" {
		return start, end
	}

	seq, known := seqOfSID(request.token[2:])
	if !known {
		return start, end
	}
	// The first index whose sequence number is greater than or equal to seq.
	index := len(seqs)
	for i, itemSeq := range seqs {
		if itemSeq >= seq {
			index = i
			break
		}
	}
	if strings.HasPrefix(request.token, "PB") {
		return max(0, index-request.size), index
	}
	if index < len(seqs) && seqs[index] == seq {
		index++
	}
	return index, min(index+request.size, len(seqs))
}

// queryParameter is one parameter of a page URI, kept in a slice because
// Twilio's page URIs list parameters in a fixed order.
type queryParameter struct {
	name  string
	value string
}

// pageURI returns path with the filters and the paging parameters as a query.
func pageURI(path string, filters []queryParameter, size, number int, token string) string {
	parts := make([]string, 0, len(filters)+3)
	for _, filter := range filters {
		parts = append(parts, url.QueryEscape(filter.name)+"="+url.QueryEscape(filter.value))
	}
	parts = append(parts, fmt.Sprintf("PageSize=%d", size), fmt.Sprintf("Page=%d", number))
	if token != "" {
		parts = append(parts, "PageToken="+url.QueryEscape(token))
	}
	return path + "?" + strings.Join(parts, "&")
}

// pageLinks contains the URIs of a page and its neighbours. next and
// previous are nil when there is no such page.
type pageLinks struct {
	first, current string
	next, previous *string
}

// buildPageLinks computes the page URIs for a page containing the SIDs
// pageSIDs. hasNext reports whether items follow the page.
func buildPageLinks(path string, filters []queryParameter, request pageRequest, pageSIDs []string, hasNext bool) pageLinks {
	links := pageLinks{
		first:   pageURI(path, filters, request.size, 0, ""),
		current: pageURI(path, filters, request.size, request.number, request.token),
	}
	if hasNext && len(pageSIDs) > 0 {
		next := pageURI(path, filters, request.size, request.number+1, "PA"+pageSIDs[len(pageSIDs)-1])
		links.next = &next
	}
	if request.number > 0 {
		token := ""
		if len(pageSIDs) > 0 {
			token = "PB" + pageSIDs[0]
		}
		previous := pageURI(path, filters, request.size, request.number-1, token)
		links.previous = &previous
	}
	return links
}
