package outputs

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// createFile creates an output's file; a name ending in .gz is written
// gzip-compressed, as k6 does for its file outputs. Closing the result
// ends the gzip stream and closes the file.
func createFile(path string) (io.WriteCloser, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("create the output file: %w", err)
	}
	if !strings.HasSuffix(path, ".gz") {
		return f, nil
	}
	return &gzipFile{Writer: gzip.NewWriter(f), file: f}, nil
}

// gzipFile is a gzip stream into a file it owns.
type gzipFile struct {
	*gzip.Writer
	file *os.File
}

func (g *gzipFile) Close() error {
	return errors.Join(g.Writer.Close(), g.file.Close())
}
